/* typed: a line the user typed (the REPL, a script, -c, a key in the
 * window), as opposed to a command a lesson runs. Such a line may answer
 * the lesson's question, is recorded when `record` is on, and may be the
 * command a lesson waits for; command_run (command.h) only runs commands.
 * Every front end runs typed lines through typed_run. */
#ifndef GRADLAB_TYPED_H
#define GRADLAB_TYPED_H

struct session;

/* Run one typed line: a bare number answers the lesson's waiting question;
 * otherwise the line's commands run (into the record, when one is on), and
 * when they succeeded the lesson sees the line (it may be the command its
 * question asked for). 0, or -1 with S->err set, as command_run. */
int typed_run(struct session *S, const char *line);

#endif
