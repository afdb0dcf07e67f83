/*
 * panels.h — the lab view's live panels as one table, as htop keeps its meters: each panel is
 * a row of its name (on its tab), the key that shows it alone, what it needs collected
 * (kit_view_collect's KIT_PANEL_* mask, lib/collect.h: the collector) and the function that
 * draws it (draw.c: the view). The tab bar, the keys 1-6, Tab, the tick's collection and the
 * "all panels" layouts (a) all read the table.
 *
 * A new panel: its enum tab entry (app.h), its row in panels[] (panels.c), its collector (a
 * KIT_PANEL_ bit and the code that fills struct kit_view in lib/collect.c) and its view (a
 * panel_NAME function in draw.c, declared in views.h).
 */
#ifndef TUI_PANELS_H
#define TUI_PANELS_H

#include "app.h"

struct panel {
	const char *name; /* on its tab, through _() (an English message, or a command's name) */
	int key;          /* shows it alone */
	unsigned collect; /* what it needs of kit_view_collect (KIT_PANEL_*), 0 nothing */
	void (*view)(struct app *a, int y, int x, int h, int w); /* draws it in that box */
	/* Its place in "all panels": from 160 columns (two columns of panels, filled column by
	 * column), and below (one column); -1 when it is not among them. */
	int wide_slot, narrow_slot;
};

/* Indexed by enum tab. */
extern const struct panel panels[TAB_COUNT];

/* The panel's name on its tab, in the language on screen. */
const char *panel_name(enum tab t);
/* The panel that key k shows, or -1. */
int panel_by_key(int k);
/* What the panels need collected, together. */
unsigned panels_collect(void);
/* The panels of "all panels" in their order: wide (from 160 columns) or narrow. Fills out
 * (TAB_COUNT of room), returns how many. */
int panels_all(bool wide, enum tab *out);

#endif
