/* boundary: the data view's decision boundary, sampled: the net runs on a
 * coarse grid and at every pixel only where the classes meet. Pure: no
 * SDL. See scene.h (scene_boundary_words). */
#include "draw.h"
#include "scene.h"
#include "net.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

int boundary_argmax(const double *p, int k)
{
    int best = 0;
    for (int j = 1; j < k; j++)
        if (p[j] > p[best])
            best = j;
    return best;
}

/* the image word of a prediction p (K probabilities): the class in the
 * low byte, how sure the net is (0..255: from 1/K to 1) in the next */
static uint32_t prediction_word(const double *p, int K)
{
    int k = boundary_argmax(p, K);
    double sure = K > 1 ? (p[k] - 1.0 / K) / (1.0 - 1.0 / K) : 1.0;
    return (uint32_t)lround(sure * 255) << 8 | (uint32_t)(k & 0xff);
}

/* the plot coordinates of the centre of pixel (px, py) of a res x res image
 * of the square x0 .. x0 + span, y0 .. y0 + span (top row: largest x2),
 * into grid row r */
static void pixel_point(const double plot[3], tensor *grid, int r, int px, int py, int res)
{
    T_AT(grid, r, 0) = plot[0] + plot[2] * (px + 0.5) / res;
    T_AT(grid, r, 1) = plot[1] + plot[2] * (1.0 - (py + 0.5) / res);
}

/* The coarse grid of the boundary image: nodes every BOUNDARY_STEP pixels
 * (and on the last pixel); cell (gx, gy) owns the pixels from node gx up to,
 * not including, node gx + 1 (the last cell includes its end). */
#define BOUNDARY_STEP 4
struct bgrid {
    int res, g;             /* image side; nodes per side */
};

static int node_px(const struct bgrid *b, int k)
{
    return k < b->g - 1 ? k * BOUNDARY_STEP : b->res - 1;
}

static int cell_end(const struct bgrid *b, int k)        /* one past the cell's last pixel */
{
    return k + 1 < b->g - 1 ? node_px(b, k + 1) : b->res;
}

/* p grown to hold need items of size bytes (its contents kept); 0, -1 */
static int grow(void *pp, size_t *cap, size_t need, size_t size)
{
    void **p = pp;
    if (need <= *cap)
        return 0;
    void *q = realloc(*p, need * size);
    if (!q)
        return -1;
    *p = q;
    *cap = need;
    return 0;
}

void scene_boundary_release(struct boundary_cache *bc)
{
    free(bc->words);
    free(bc->key);
    free(bc->buf);
    free(bc->mark);
    free(bc->at);
    free(bc->colours);
    memset(bc, 0, sizeof *bc);
}

/* The net at the first rows points of the batch (bc->buf: rows x 2, the
 * centres the caller wrote with pixel_point); their probabilities, rows x
 * K, or NULL. Every buffer is bc's own, grown and kept: a frame that makes
 * the words again allocates nothing (a new buffer is faulted in page by
 * page, which costs as much as the net). */
static const double *batch_probs(struct boundary_cache *bc, const struct net *nt, int rows)
{
    int H = nt->n_hidden, K = nt->n_out;
    double *b = bc->buf;
    tensor x = { rows, 2, b }, z1 = { rows, H, b + (size_t)rows * 2 };
    tensor z2 = { rows, K, z1.data + (size_t)rows * H }, p = { rows, K, z2.data + (size_t)rows * K };
    return net_predict_into(nt, &x, &z1, &z2, &p) == 0 ? p.data : NULL;
}

/* room in bc->buf for a batch of rows points through nt */
static int batch_room(struct boundary_cache *bc, const struct net *nt, int rows)
{
    return grow(&bc->buf, &bc->buf_cap, (size_t)rows * (2 + (size_t)nt->n_hidden + 2 * (size_t)nt->n_out),
                sizeof *bc->buf);
}

static void batch_point(struct boundary_cache *bc, int rows, const double plot[3], int r, int px, int py, int res)
{
    tensor grid = { rows, 2, bc->buf };
    pixel_point(plot, &grid, r, px, py, res);
}

/* The class and sureness words of the boundary image (scene.h) into
 * pix. The net is not run at every pixel: first at the nodes of a grid 4
 * pixels apart; a grid cell whose four corners agree on the class, and
 * whose neighbours' corners do too, takes that class, its sureness
 * interpolated between the corners; every pixel of the other cells (along
 * the boundary, one cell either side) is run through the net. So the
 * boundary is exact at the pixel, and the net runs at about a tenth of the
 * pixels. */
static int make_words(struct boundary_cache *bc, const struct net *nt, const double plot[3], int res, uint32_t *pix)
{
    int K = nt->n_out;
    struct bgrid b = { res, (res - 1 + BOUNDARY_STEP - 1) / BOUNDARY_STEP + 1 };
    int g = b.g, cells = g - 1;

    /* 1. the net at the nodes */
    if (batch_room(bc, nt, g * g) < 0)
        return -1;
    for (int gy = 0; gy < g; gy++)
        for (int gx = 0; gx < g; gx++)
            batch_point(bc, g * g, plot, gy * g + gx, node_px(&b, gx), node_px(&b, gy), res);
    const double *probs = batch_probs(bc, nt, g * g);
    if (!probs)
        return -1;
    for (int gy = 0; gy < g; gy++)
        for (int gx = 0; gx < g; gx++)
            pix[(size_t)node_px(&b, gy) * res + node_px(&b, gx)] =
                prediction_word(probs + (size_t)(gy * g + gx) * K, K);

    /* 2. the cells the boundary may cross: corners of two classes, and
     * their neighbours */
    if (grow(&bc->mark, &bc->mark_cap, (size_t)cells * (size_t)cells + 1, 1) < 0)
        return -1;
    unsigned char *mark = bc->mark;
    memset(mark, 0, (size_t)cells * (size_t)cells + 1);
    for (int gy = 0; gy < cells; gy++)
        for (int gx = 0; gx < cells; gx++) {
            uint32_t k00 = pix[(size_t)node_px(&b, gy) * res + node_px(&b, gx)] & 0xff;
            uint32_t k01 = pix[(size_t)node_px(&b, gy) * res + node_px(&b, gx + 1)] & 0xff;
            uint32_t k10 = pix[(size_t)node_px(&b, gy + 1) * res + node_px(&b, gx)] & 0xff;
            uint32_t k11 = pix[(size_t)node_px(&b, gy + 1) * res + node_px(&b, gx + 1)] & 0xff;
            if (k00 != k01 || k00 != k10 || k00 != k11)
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int y = gy + dy, x = gx + dx;
                        if (x >= 0 && y >= 0 && x < cells && y < cells)
                            mark[y * cells + x] = 1;
                    }
        }

    /* 3. every pixel of a marked cell through the net, in one batch */
    int count = 0;
    for (int gy = 0; gy < cells; gy++)
        for (int gx = 0; gx < cells; gx++)
            if (mark[gy * cells + gx])
                count += (cell_end(&b, gx) - node_px(&b, gx)) * (cell_end(&b, gy) - node_px(&b, gy));
    if (count > 0) {
        if (grow(&bc->at, &bc->at_cap, (size_t)count, sizeof *bc->at) < 0 || batch_room(bc, nt, count) < 0)
            return -1;
        int r = 0;
        for (int gy = 0; gy < cells; gy++)
            for (int gx = 0; gx < cells; gx++)
                if (mark[gy * cells + gx])
                    for (int py = node_px(&b, gy); py < cell_end(&b, gy); py++)
                        for (int px = node_px(&b, gx); px < cell_end(&b, gx); px++) {
                            batch_point(bc, count, plot, r, px, py, res);
                            bc->at[r++] = (size_t)py * res + px;
                        }
        if (!(probs = batch_probs(bc, nt, count)))
            return -1;
        for (r = 0; r < count; r++)
            pix[bc->at[r]] = prediction_word(probs + (size_t)r * K, K);
    }

    /* 4. the other cells: one class, the sureness between the corners,
     * in whole numbers (bilinear, rounded half up) */
    for (int gy = 0; gy < cells; gy++)
        for (int gx = 0; gx < cells; gx++) {
            if (mark[gy * cells + gx])
                continue;
            int x0 = node_px(&b, gx), x1 = node_px(&b, gx + 1), y0 = node_px(&b, gy), y1 = node_px(&b, gy + 1);
            uint32_t w00 = pix[(size_t)y0 * res + x0], w01 = pix[(size_t)y0 * res + x1];
            uint32_t w10 = pix[(size_t)y1 * res + x0], w11 = pix[(size_t)y1 * res + x1];
            int s00 = (int)(w00 >> 8 & 0xff), s01 = (int)(w01 >> 8 & 0xff), s10 = (int)(w10 >> 8 & 0xff),
                s11 = (int)(w11 >> 8 & 0xff);
            int X = x1 - x0, Y = y1 - y0, XY = X * Y, ex = cell_end(&b, gx), ey = cell_end(&b, gy);
            uint32_t k = w00 & 0xff;
            for (int py = y0; py < ey; py++) {
                int fy = py - y0;
                /* the sureness at the cell's left and right edges of this row, times Y */
                int left = s00 * (Y - fy) + s10 * fy, right = s01 * (Y - fy) + s11 * fy;
                uint32_t *row = pix + (size_t)py * res;
                if (XY == BOUNDARY_STEP * BOUNDARY_STEP)
                    for (int px = x0; px < ex; px++) {
                        int fx = px - x0;
                        uint32_t sure = (uint32_t)(left * (X - fx) + right * fx + XY / 2) >> 4;
                        row[px] = sure << 8 | k;
                    }
                else
                    for (int px = x0; px < ex; px++) {
                        int fx = px - x0;
                        uint32_t sure = (uint32_t)((left * (X - fx) + right * fx + XY / 2) / XY);
                        row[px] = sure << 8 | k;
                    }
            }
        }
    return 0;
}

/* the net's shape, activation and parameters, as bc->key holds them: 1
 * when the same bits, else (store) copied in; -1 out of memory */
static int same_net(struct boundary_cache *bc, const struct net *nt, int store)
{
    const tensor *part[4] = { &nt->W1, &nt->b1, &nt->W2, &nt->b2 };
    size_t len = 4;
    for (int k = 0; k < 4; k++)
        len += tensor_size(part[k]);
    double head[4] = { nt->n_in, nt->n_hidden, nt->n_out, (double)nt->act };
    if (!store) {
        if (len != bc->key_len || memcmp(bc->key, head, sizeof head))
            return 0;
        size_t at = 4;
        for (int k = 0; k < 4; k++) {
            size_t n = tensor_size(part[k]);
            if (n && memcmp(bc->key + at, part[k]->data, n * sizeof(double)))
                return 0;
            at += n;
        }
        return 1;
    }
    if (grow(&bc->key, &bc->key_cap, len, sizeof *bc->key) < 0)
        return -1;
    memcpy(bc->key, head, sizeof head);
    size_t at = 4;
    for (int k = 0; k < 4; k++) {
        size_t n = tensor_size(part[k]);
        if (n)
            memcpy(bc->key + at, part[k]->data, n * sizeof(double));
        at += n;
    }
    bc->key_len = len;
    return 0;
}

int scene_boundary_update(struct boundary_cache *bc, const struct net *nt, const double plot[3], int res)
{
    if (bc->res == res && !memcmp(bc->plot, plot, sizeof bc->plot) && same_net(bc, nt, 0))
        return 0;
    bc->res = 0;
    if (grow(&bc->words, &bc->words_cap, (size_t)res * (size_t)res, sizeof *bc->words) < 0 ||
        make_words(bc, nt, plot, res, bc->words) < 0 || same_net(bc, nt, 1) < 0)
        return -1;
    memcpy(bc->plot, plot, sizeof bc->plot);
    bc->res = res;
    bc->made++;
    return 1;
}

int scene_boundary_words(const struct net *nt, const double plot[3], int res, uint32_t *pix)
{
    struct boundary_cache bc;
    memset(&bc, 0, sizeof bc);
    int rc = make_words(&bc, nt, plot, res, pix);
    scene_boundary_release(&bc);
    return rc;
}
