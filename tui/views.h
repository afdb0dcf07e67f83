/*
 * views.h — pieces of draw.c's views that other screens (present.c) and the panel table
 * (panels.c) draw with: the title bar, the footer and status line, the run's state, the panels,
 * the CPU chart, sizes in words.
 */
#ifndef TUI_VIEWS_H
#define TUI_VIEWS_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "crt.h"

void title_bar(int cols, const char *left);
void footer(int rows, int cols, const char *keys);
void status_line(struct app *a, int rows, int cols);
/* What `l` switches to, for the footers: `brief` where room is short. */
const char *other_lang(const struct app *a, bool brief);
/* Marks of the run's state: running, ended. */
const char *mark_running(void);
const char *mark_ended(void);
/* The run's state; `form` 0 is the whole text, 1 shorter, 2 the mark and the time, 3 the mark
 * alone. "" when there is no run. */
void run_state(struct app *a, int form, char *buf, size_t len);
/* A panel of the lab view in a box at (y, x) of h rows and w columns (its view in panels.c's
 * table). */
void draw_panel(struct app *a, enum tab t, int y, int x, int h, int w);
/* The panels' views (the rows of panels.c), each drawing the state in a box. */
void panel_output(struct app *a, int y, int x, int h, int w);
void panel_ps(struct app *a, int y, int x, int h, int w);
void panel_ls(struct app *a, int y, int x, int h, int w);
void panel_ns(struct app *a, int y, int x, int h, int w);
void panel_mounts(struct app *a, int y, int x, int h, int w);
void panel_cgroup(struct app *a, int y, int x, int h, int w);
void panel_net(struct app *a, int y, int x, int h, int w);
void panel_userns(struct app *a, int y, int x, int h, int w);
/* The run's CPU use per sample as bars, with a scale and the quota line (quota <= 0: none). */
void cpu_chart(struct app *a, int y, int x, int h, int w, double quota);
/* Text reflowed into at most h rows of w columns. */
void msg_lines(int y, int x, int h, int w, enum crt_attr at, const char *msg);
/* 1.5 MiB, 64.0 MiB, 2.0 GiB; "max" for a negative value. */
void human_bytes(long long b, char *buf, size_t len);

#endif
