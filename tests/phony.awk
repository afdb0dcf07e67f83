# phony.awk — reads `make -pn` (the database): prints each .PHONY target that has neither
# prerequisites nor a recipe, i.e. one that silently does nothing (tests/t/20-tools.t).
/^# Files/ { files = 1 }
files && /^\.PHONY: / { for (i = 2; i <= NF; i++) phony[$i] = 1; next }
files && /^[^#\t .][^=]*:( |$)/ && $0 !~ /:=/ {
	t = $0; sub(/:.*/, "", t); cur = t
	rest = $0; sub(/^[^:]*: */, "", rest)
	has[cur] = has[cur] || rest != ""
	next
}
files && /^#  recipe to execute/ { has[cur] = 1 }
/^$/ { cur = "" }
END { for (p in phony) if (!has[p]) print p }
