/* fuzz_stop: work bounded in time as the REPL bounds it, for the harnesses
 * that run whole lines and lessons (fuzz_record, fuzz_player): a timer
 * (CLOCK_MONOTONIC, signal SIGRTMIN: libFuzzer's own -timeout keeps
 * SIGALRM) raises the session's interrupt flag as Ctrl-C does, so long
 * work stops where it polls the flag. Each input has fuzz_input_ms in
 * all; each piece of work (a line, a lesson part) fuzz_piece_ms of it.
 * Also: the scratch folders a harness makes, emptied and removed. */
#ifndef GRADLAB_FUZZ_STOP_H
#define GRADLAB_FUZZ_STOP_H

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t fuzz_interrupted;
static timer_t fuzz_timer;
static struct timespec fuzz_input_start;
static double fuzz_input_ms = 600, fuzz_piece_ms = 30;

static void fuzz_on_timer(int sig)
{
    (void)sig;
    fuzz_interrupted = 1;
}

static inline void fuzz_stop_init(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fuzz_on_timer;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN;
    if (sigaction(SIGRTMIN, &sa, NULL) != 0 || timer_create(CLOCK_MONOTONIC, &ev, &fuzz_timer) != 0) {
        perror("fuzz_stop_init");
        abort();
    }
}

static inline double fuzz_ms_since_input(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - fuzz_input_start.tv_sec) * 1e3 + (t.tv_nsec - fuzz_input_start.tv_nsec) / 1e6;
}

/* the timer fires after ms milliseconds; 0: never */
static inline void fuzz_arm(double ms)
{
    struct itimerspec it;
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = (time_t)(ms / 1e3);
    it.it_value.tv_nsec = (long)((ms - (double)it.it_value.tv_sec * 1e3) * 1e6);
    if (ms > 0 && !it.it_value.tv_sec && !it.it_value.tv_nsec)
        it.it_value.tv_nsec = 1;
    timer_settime(fuzz_timer, 0, &it, NULL);
}

static inline void fuzz_input_begin(void)
{
    clock_gettime(CLOCK_MONOTONIC, &fuzz_input_start);
    fuzz_interrupted = 0;
}

/* a piece of work starts: fuzz_piece_ms, or what the input has left */
static inline void fuzz_piece_begin(void)
{
    double left = fuzz_input_ms - fuzz_ms_since_input();
    if (left <= 0) {
        fuzz_arm(0);
        fuzz_interrupted = 1;
        return;
    }
    fuzz_interrupted = 0;
    fuzz_arm(left < fuzz_piece_ms ? left : fuzz_piece_ms);
}

/* it ended: the flag stays raised only when the input's time is spent */
static inline void fuzz_piece_end(void)
{
    fuzz_arm(0);
    fuzz_interrupted = fuzz_ms_since_input() >= fuzz_input_ms;
}

/* remove everything in dir (not dir itself) */
static inline void fuzz_empty_folder(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            fuzz_empty_folder(p);
            rmdir(p);
        } else {
            unlink(p);
        }
    }
    closedir(d);
}

/* a new folder /dev/shm/gradlab-fuzz-NAME-XXXXXX (or in /tmp) into dir,
 * removed with all it holds at exit (one a harness) */
static char fuzz_folder[128];

static void fuzz_folder_remove(void)
{
    fuzz_empty_folder(fuzz_folder);
    rmdir(fuzz_folder);
}

static inline const char *fuzz_folder_make(const char *name)
{
    snprintf(fuzz_folder, sizeof fuzz_folder, "%s/gradlab-fuzz-%s-XXXXXX",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", name);
    if (!mkdtemp(fuzz_folder)) {
        perror("mkdtemp");
        abort();
    }
    atexit(fuzz_folder_remove);
    return fuzz_folder;
}

#endif
