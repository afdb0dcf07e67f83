/* panels.c — the table of the live panels. See panels.h. */
#include "panels.h"
#include "views.h"

const struct panel panels[TAB_COUNT] = {
	/* clang-format off */
	/*              name               key  collect            view           wide narrow */
	[TAB_OUTPUT] = { N_("output"),     '1', 0,                 panel_output,  5,   -1 },
	[TAB_PS]     = { "ps",             '2', KIT_PANEL_PS,      panel_ps,      0,    0 },
	[TAB_LS]     = { "ls /",           '3', KIT_PANEL_LS,      panel_ls,      1,   -1 },
	[TAB_NS]     = { N_("namespaces"), '4', KIT_PANEL_NS,      panel_ns,      2,    1 },
	[TAB_MOUNTS] = { N_("mounts"),     '5', KIT_PANEL_MOUNTS,  panel_mounts,  4,   -1 },
	[TAB_CGROUP] = { "cgroup",         '6', KIT_PANEL_CGROUP,  panel_cgroup,  3,    2 },
	/* clang-format on */
};

const char *panel_name(enum tab t)
{
	return _(panels[t].name);
}

int panel_by_key(int k)
{
	for (int t = 0; t < TAB_COUNT; t++)
		if (panels[t].key == k)
			return t;
	return -1;
}

unsigned panels_collect(void)
{
	unsigned m = 0;
	for (int t = 0; t < TAB_COUNT; t++)
		m |= panels[t].collect;
	return m;
}

int panels_all(bool wide, enum tab *out)
{
	int n = 0;
	for (int slot = 0; slot < TAB_COUNT; slot++)
		for (int t = 0; t < TAB_COUNT; t++)
			if ((wide ? panels[t].wide_slot : panels[t].narrow_slot) == slot)
				out[n++] = (enum tab)t;
	return n;
}
