/*
 * label.h - connected components of a grid of small colour indices, the
 * union-find labeller shared by the grid layer's objects() and the design
 * importer's region finder (one implementation, two users).
 *
 * Cells are bytes in row-major order. Two neighbouring cells join when
 * both belong to objects: with `univalued` when they have the same value,
 * without it when neither is the background; bg < 0 means there is no
 * background. Neighbours are the 4 orthogonal ones, plus the diagonals
 * with `diagonal`. Labels are 1..n numbered by each component's first cell
 * in reading order (the order a flood fill from every unlabelled cell would
 * find them); background cells get 0.
 *
 * Ownership: the caller provides `labels` and the scratch `parent`, each of
 * h * w entries; nothing is allocated. Work is two passes over the cells.
 */
#ifndef TESSERA_LABEL_H
#define TESSERA_LABEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

size_t tc_label_components(const uint8_t *cells, int h, int w, bool univalued, bool diagonal, int bg,
                           uint32_t *labels, uint32_t *parent);

#endif
