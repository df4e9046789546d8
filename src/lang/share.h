/* share: a session as one line of text a teacher pastes into a chat and a
 * student pastes back ('session share', 'session open LINE').
 *
 * The line is "gradlab1." and the base64url (RFC 4648 section 5: A-Z a-z
 * 0-9 - _, no padding) of this record, every number little-endian:
 *
 *   u8  version (1)
 *   u8  flags: 1 logits, 2 network, 4 data set, 8 the data set is a
 *       generator's, 16 the batch is the data set's, 32 a loss curve
 *   u32 seed
 *   logits:   u16 n (1..4096), n f64
 *   data set: u8 name length (0..63), the name ([A-Za-z0-9._-]); then
 *             generated: u8 kind (1 moons 2 circles 3 spiral 4 xor),
 *               u32 rows (<= SHARE_MAX_MADE_ROWS), u32 arms, f64 noise,
 *               f64 factor, u32 seed
 *             else: u32 rows N (>= 1), u16 features D (>= 1), N*D f64,
 *               N u16 labels (< 4096)
 *   network:  u16 D, H, K (1..4096), u8 act, u8 reduce, u8 stage, f64 reg,
 *             W1 (D*H), b1 (H), W2 (H*K), b2 (K) as f64; unless the batch
 *             is the data set's: u32 N, x (N*D), y (N*K) as f64
 *   curve:    u16 rows (1..502), rows * (f64 pass, f64 loss)
 *   u16 settings length (0..1024), the settings lines (view, theme,
 *       autoscale, example, lesson NAME part=K: [A-Za-z0-9 ._=-] and '\n')
 *   u32 CRC-32 (ISO-HDLC, as zlib's crc32) of everything before it
 *
 * f64 is an IEEE 754 double's bits, so every value comes back bit for
 * bit. A line is at most SHARE_MAX_CHARS characters (a chat message takes
 * it); a session over that is refused with what takes the room.
 *
 * Decoding trusts nothing: the prefix, the alphabet, every count against
 * the bytes left and its limit, the numbers finite (a logit may be -inf),
 * the kinds and modes known, no byte left over, the checksum. A line
 * holds numbers and the few settings words only: no command, no file
 * name; sessfile.h turns it into a session script and loads it with the
 * rule for shared lines.
 *
 * Ownership: share_encode's line is malloc'd for the caller; a decoded
 * state owns its pieces (state_release). */
#ifndef GRADLAB_SHARE_H
#define GRADLAB_SHARE_H

#include <stddef.h>
#include <stdint.h>
#include "state.h"

#define SHARE_PREFIX "gradlab1."
#define SHARE_MAX_CHARS 16384
#define SHARE_SETTINGS_MAX 1024
/* the most points a generator in a line may make (the work a line can
 * ask for is bounded by its bytes, and by this) */
#define SHARE_MAX_MADE_ROWS 100000

/* st and its settings lines as a line (NUL-terminated, *len characters):
 * 0; 1 when it is over SHARE_MAX_CHARS (*len says how long it would be,
 * err what takes the room); -1 with err (out of memory) */
int share_encode(const struct state *st, const char *settings, char **line, size_t *len, char *err,
                 size_t errlen);

/* line (len characters, blanks and line breaks a chat put in are skipped)
 * into st and settings (n bytes): 0, or -1 with err and st empty */
int share_decode(const char *line, size_t len, struct state *st, char *settings, size_t n, char *err,
                 size_t errlen);

/* CRC-32 of n bytes (ISO-HDLC: zlib's crc32(0, p, n)) */
uint32_t share_crc32(const unsigned char *p, size_t n);

#endif
