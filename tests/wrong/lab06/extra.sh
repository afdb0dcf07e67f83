# extra.sh — lab06's second learner file, labs/lab06-pitfalls/ctr_limits.c, in `make test`.
# Sourced by tests/run-all.sh inside its loop over labs (it uses $lab, $dir, $gen, $logdir,
# $root, $O and the ok/notok/skipped/grade_run functions from there):
#   (that the committed ctr_limits.c is the generated starter is tested with the lab's other
#   files, tests/lab.sh);
#   - every known-wrong ctr_limits.c (tests/wrong/lab06/limits/*.sed, applied to the reference)
#     fails the check it names with a hint that names the mistake. The checker takes the file
#     from $KIT_LIMITS_C and grades it with the reference minidocker.
if [ "$root" = yes ]; then
	for mutant in tests/wrong/lab06/limits/*.sed; do
		[ -f "$mutant" ] || continue
		name=limits-$(basename "$mutant" .sed)
		expect=$(sed -n 's/^# expect: *//p' "$mutant")
		mentions=$(sed -n 's/^# hint-mentions: *//p' "$mutant")
		mistake=$(sed -n 's/^# mistake: *//p' "$mutant")
		src=$logdir/lab06-$name.c log=$logdir/lab06-$name.txt tap=$logdir/lab06-$name.tap
		sed -f "$mutant" "$gen/ctr_limits-reference.c" >"$src"
		if cmp -s "$src" "$gen/ctr_limits-reference.c"; then
			echo "the sed script changed nothing: update it to the current reference" >"$log"
			notok "lab06: wrong ctr_limits.c '$name' is really different from the reference" "$log"
			continue
		fi
		KIT_LIMITS_C=$PWD/$src grade_run 06 "$gen/reference" $O/grade tap $O/checkers/lab06 >"$tap" 2>&1
		rc=$?
		block=$(awk -v t="not ok - lab06::$expect " 'index($0, t) == 1 { on = 1; next }
			/^(not )?ok - / { on = 0 } on' "$tap")
		first=$(sed -n 's/^not ok - lab06::\([^ ]*\).*/\1/p' "$tap" | head -n 1)
		if [ $rc = 1 ] && [ "$first" = "$expect" ] && printf '%s\n' "$block" | grep -q -- "hint:.*$mentions"; then
			ok "lab06: wrong ctr_limits.c '$name' ($mistake) fails '$expect' first"
		else
			cat "$tap" >"$log"
			echo "expected grade exit 1, check $expect failing first, a hint mentioning '$mentions'; got exit $rc, first failing: ${first:-none}" >>"$log"
			notok "lab06: wrong ctr_limits.c '$name' ($mistake) fails '$expect' first" "$log"
		fi
	done
else
	skipped "lab06: wrong ctr_limits.c programs" "$needs_root"
fi
