# synth.awk -v learner=N — a made-up learner's history (history.jsonl lines, version 1) for
# tests/report.sh: the talk's questionnaire before and after, labs opened, hints, and gradings
# in which each check passes from some attempt on, with one of three kit versions. Deterministic
# for a given N (srand(N)), so a failure can be replayed.
function two(n) { return (n < 10 ? "0" : "") n }
# seconds after 2025-05-10T09:00:00Z (one day at most)
function at(s,   h, m) { h = int(s / 3600); m = int((s % 3600) / 60); return sprintf("2025-05-10T%s:%s:%sZ", two(9 + h), two(m), two(s % 60)) }
function rnd(lo, hi) { return lo + int(rand() * (hi - lo + 1)) }
function rec(type, s, rest) { printf "{\"v\":1,\"type\":\"%s\",\"time\":\"%s\"%s}\n", type, at(s), rest }
BEGIN {
	srand(learner)
	split("01_ls_root_shows_rootfs 02_cwd_is_new_root 03_exit_status_passed_through 04_signal_death_is_128_plus_n 05_command_not_found_is_127 06_cannot_run_is_126 07_bad_input_gives_one_line 08_not_root_is_refused 09_nothing_left_running", lab1, " ")
	kits[0] = "v0.9-12-g1a2b3c4"; kits[1] = "v1.0-0-g5d6e7f8"; kits[2] = "v1.0-3-g9a8b7c6-dirty"
	kit = kits[learner % 3]
	t = rnd(0, 600)
	before = rnd(2, 6)
	rec("survey", t, sprintf(",\"phase\":\"before\",\"answers\":{\"understanding\":%d}", before))
	t += 2400 + rnd(0, 600)
	labs = rnd(1, 6)
	for (lab = 1; lab <= labs; lab++) {
		rec("lab", t, sprintf(",\"lab\":%d,\"event\":\"opened\"", lab))
		n = lab == 1 ? 9 : rnd(5, 9)
		for (c = 1; c <= n; c++) {
			name[c] = lab == 1 ? lab1[c] : sprintf("%s_synthetic_check_%d", two(c), c)
			# harder checks later in the lab; lab 4 has one everyone finds hard
			need[c] = rnd(1, c > 5 ? 4 : 2) + (lab == 4 && c == 3 ? 2 : 0)
		}
		g = rnd(2, 6)
		finished = lab < labs || rand() < 0.5
		if (learner % 7 == 3 && lab == labs) kit = kits[(learner + 1) % 3] # upgraded meanwhile
		for (j = 1; j <= g; j++) {
			t += rnd(120, 900)
			if (rand() < 0.3)
				rec("hint", t - 60, sprintf(",\"lab\":%d,\"step\":%d,\"check\":\"%s\"", lab, rnd(1, 6), name[rnd(1, n)]))
			checks = ""; failed = ""; failures = ""; first = "null"; nf = 0
			for (c = 1; c <= n; c++) {
				fails = j < need[c] || (j == g && !finished && c == n)
				checks = checks (c > 1 ? "," : "") "\"" name[c] "\""
				if (!fails) continue
				failed = failed (nf ? "," : "") "\"" name[c] "\""
				failures = failures (nf ? "," : "") sprintf("\"%s\":{\"description\":\"synthetic check %d of lab %d\",\"hint\":{\"en\":\"hint %d of lab %d\",\"ja\":\"Lab %s のヒント %d\"}}", name[c], c, lab, c, lab, two(lab), c)
				if (!nf) first = "\"" name[c] "\""
				nf++
			}
			rec("grade", t, sprintf(",\"lab\":%d,\"kit\":\"%s\",\"passed\":%d,\"total\":%d,\"exit\":%d,\"first_failed\":%s,\"checks\":[%s],\"failed\":[%s],\"skipped\":[],\"failures\":{%s}", lab, kit, n - nf, n, nf ? 1 : 0, first, checks, failed, failures))
			if (!nf) break
		}
		if (!nf) rec("lab", t + 5, sprintf(",\"lab\":%d,\"event\":\"finished\"", lab))
	}
	after = before + rnd(1, 4); if (after > 10) after = 10
	comment = learner % 5 == 0 ? sprintf(",\"comment\":\"learner %d: more time for lab %d, please\"", learner, labs) : ""
	rec("survey", t + 300, sprintf(",\"phase\":\"after\",\"answers\":{\"clarity\":%d,\"understanding\":%d%s}", rnd(5, 10), after, comment))
}
