/*
 * panels.h — the lab view's live panels as one table, as htop keeps its meters: each panel is
 * a row of its name (on its tab), the key that shows it alone, what it needs collected
 * (kit_view_collect's KIT_PANEL_* mask, lib/collect.h: the collector) and the function that
 * draws it (draw.c: the view), and the labs it is shown in (the network panel from lab 07, the
 * user-namespace panel in lab 08: what those labs teach). The tab bar, the keys 1-8, Tab, the
 * tick's collection and the "all panels" layouts (a) all read the table.
 *
 * A new panel: its enum tab entry (app.h), its row in panels[] (panels.c), its collector (a
 * KIT_PANEL_ bit and the code that fills struct kit_view in lib/collect.c) and its view (a
 * panel_NAME function in draw.c, declared in views.h), and its labs (0, 0: all).
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
	int first_lab, last_lab; /* shown in these labs only; 0, 0: in every lab */
};

/* Indexed by enum tab. */
extern const struct panel panels[TAB_COUNT];

/* The panel's name on its tab, in the language on screen. */
const char *panel_name(enum tab t);
/* Is panel t shown in lab number `lab`? */
bool panel_in_lab(enum tab t, int lab);
/* The panel that key k shows in that lab, or -1. */
int panel_by_key(int k, int lab);
/* The panel after t (step 1) or before it (step -1) among the lab's (Tab, Shift-Tab). */
enum tab panel_next(enum tab t, int step, int lab);
/* What the lab's panels need collected, together. */
unsigned panels_collect(int lab);
/* The lab's panels of "all panels" in their order: wide (from 160 columns) or narrow. Fills
 * out (TAB_COUNT of room), returns how many. */
int panels_all(bool wide, int lab, enum tab *out);

#endif
