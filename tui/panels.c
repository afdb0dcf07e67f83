/* panels.c — the table of the live panels. See panels.h. */
#include "panels.h"
#include "views.h"

const struct panel panels[TAB_COUNT] = {
	/* clang-format off */
	/*              name               key  collect            view           wide narrow labs */
	[TAB_OUTPUT] = { N_("output"),     '1', 0,                 panel_output,  7,   -1,    0, 0 },
	[TAB_PS]     = { "ps",             '2', KIT_PANEL_PS,      panel_ps,      0,    0,    0, 0 },
	[TAB_LS]     = { "ls /",           '3', KIT_PANEL_LS,      panel_ls,      1,   -1,    0, 0 },
	[TAB_NS]     = { N_("namespaces"), '4', KIT_PANEL_NS,      panel_ns,      2,    1,    0, 0 },
	[TAB_MOUNTS] = { N_("mounts"),     '5', KIT_PANEL_MOUNTS,  panel_mounts,  5,   -1,    0, 0 },
	[TAB_CGROUP] = { "cgroup",         '6', KIT_PANEL_CGROUP,  panel_cgroup,  4,    2,    0, 0 },
	[TAB_NET]    = { N_("net"),        '7', KIT_PANEL_NET,     panel_net,     3,   -1,    7, 8 },
	[TAB_USERNS] = { "userns",         '8', KIT_PANEL_USERNS,  panel_userns,  6,   -1,    8, 8 },
	/* clang-format on */
};

const char *panel_name(enum tab t)
{
	return _(panels[t].name);
}

bool panel_in_lab(enum tab t, int lab)
{
	return !panels[t].first_lab || (lab >= panels[t].first_lab && lab <= panels[t].last_lab);
}

int panel_by_key(int k, int lab)
{
	for (int t = 0; t < TAB_COUNT; t++)
		if (panels[t].key == k && panel_in_lab((enum tab)t, lab))
			return t;
	return -1;
}

enum tab panel_next(enum tab t, int step, int lab)
{
	int n = t;
	do
		n = (n + step + TAB_COUNT) % TAB_COUNT;
	while (!panel_in_lab((enum tab)n, lab) && n != (int)t);
	return (enum tab)n;
}

unsigned panels_collect(int lab)
{
	unsigned m = 0;
	for (int t = 0; t < TAB_COUNT; t++)
		if (panel_in_lab((enum tab)t, lab))
			m |= panels[t].collect;
	return m;
}

int panels_all(bool wide, int lab, enum tab *out)
{
	int n = 0;
	for (int slot = 0; slot < TAB_COUNT; slot++)
		for (int t = 0; t < TAB_COUNT; t++)
			if ((wide ? panels[t].wide_slot : panels[t].narrow_slot) == slot &&
			    panel_in_lab((enum tab)t, lab))
				out[n++] = (enum tab)t;
	return n;
}
