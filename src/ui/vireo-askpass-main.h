/* vireo-askpass-main.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the askpass side and returns the exit status: 0 answered (the answer is on stdout), 1
 * cancelled or failed. */
int      vireo_askpass_main            (int    argc,
                                        char **argv);

G_END_DECLS
