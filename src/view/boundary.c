/* boundary: the data view's decision boundary, sampled: the net runs on a
 * coarse grid and at every pixel only where the classes meet. Pure: no
 * SDL. See scene.h (scene_boundary_words). */
#include "draw.h"
#include "scene.h"
#include "net.h"
#include <math.h>
#include <stdlib.h>

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

/* The class and sureness words of the boundary image (scene.h). The net is
 * not run at every pixel: first at the nodes of a grid 4 pixels apart; a
 * grid cell whose four corners agree on the class, and whose neighbours'
 * corners do too, takes that class, its sureness interpolated between the
 * corners; every pixel of the other cells (along the boundary, one cell
 * either side) is run through the net. So the boundary is exact at the
 * pixel, and the net runs at about a tenth of the pixels. */
int scene_boundary_words(const struct net *nt, const double plot[3], int res, uint32_t *pix)
{
    int K = nt->n_out;
    tensor probs = TENSOR_INIT, grid = TENSOR_INIT;
    unsigned char *mark = NULL;
    size_t *at = NULL;          /* the pixel of each row of the batch */
    int rc = -1;
    struct bgrid b = { res, (res - 1 + BOUNDARY_STEP - 1) / BOUNDARY_STEP + 1 };
    int g = b.g, cells = g - 1;

    /* 1. the net at the nodes */
    if (tensor_init(&grid, g * g, 2) < 0)
        goto fail;
    for (int gy = 0; gy < g; gy++)
        for (int gx = 0; gx < g; gx++)
            pixel_point(plot, &grid, gy * g + gx, node_px(&b, gx), node_px(&b, gy), res);
    if (net_predict(nt, &grid, &probs) < 0)
        goto fail;
    for (int gy = 0; gy < g; gy++)
        for (int gx = 0; gx < g; gx++)
            pix[(size_t)node_px(&b, gy) * res + node_px(&b, gx)] =
                prediction_word(probs.data + (size_t)(gy * g + gx) * K, K);

    /* 2. the cells the boundary may cross: corners of two classes, and
     * their neighbours */
    mark = calloc((size_t)cells * (size_t)cells + 1, 1);
    if (!mark)
        goto fail;
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
        at = malloc((size_t)count * sizeof *at);
        if (!at || tensor_init(&grid, count, 2) < 0)
            goto fail;
        int r = 0;
        for (int gy = 0; gy < cells; gy++)
            for (int gx = 0; gx < cells; gx++)
                if (mark[gy * cells + gx])
                    for (int py = node_px(&b, gy); py < cell_end(&b, gy); py++)
                        for (int px = node_px(&b, gx); px < cell_end(&b, gx); px++) {
                            pixel_point(plot, &grid, r, px, py, res);
                            at[r++] = (size_t)py * res + px;
                        }
        if (net_predict(nt, &grid, &probs) < 0)
            goto fail;
        for (r = 0; r < count; r++)
            pix[at[r]] = prediction_word(probs.data + (size_t)r * K, K);
    }

    /* 4. the other cells: one class, the sureness between the corners */
    for (int gy = 0; gy < cells; gy++)
        for (int gx = 0; gx < cells; gx++) {
            if (mark[gy * cells + gx])
                continue;
            int x0 = node_px(&b, gx), x1 = node_px(&b, gx + 1), y0 = node_px(&b, gy), y1 = node_px(&b, gy + 1);
            uint32_t w00 = pix[(size_t)y0 * res + x0], w01 = pix[(size_t)y0 * res + x1];
            uint32_t w10 = pix[(size_t)y1 * res + x0], w11 = pix[(size_t)y1 * res + x1];
            double s00 = (w00 >> 8) & 0xff, s01 = (w01 >> 8) & 0xff, s10 = (w10 >> 8) & 0xff,
                   s11 = (w11 >> 8) & 0xff;
            for (int py = y0; py < cell_end(&b, gy); py++) {
                double fy = (double)(py - y0) / (y1 - y0);
                for (int px = x0; px < cell_end(&b, gx); px++) {
                    double fx = (double)(px - x0) / (x1 - x0);
                    double sure = (s00 * (1 - fx) + s01 * fx) * (1 - fy) + (s10 * (1 - fx) + s11 * fx) * fy;
                    pix[(size_t)py * res + px] = (uint32_t)lround(sure) << 8 | (w00 & 0xff);
                }
            }
        }

    rc = 0;
fail:
    free(mark);
    free(at);
    tensor_release(&grid);
    tensor_release(&probs);
    return rc;
}

