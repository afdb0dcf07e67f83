#!/bin/sh
# the first hour: ./kit, the dependency list and what it covers, make doctor, cloud-init
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=first-hour`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

# --- the first hour: bootstrap, dependencies, doctor, cloud-init ----------------------------
if [ -n "${KIT_DEPS_SHIMS:-}" ]; then
	ok "tools/deps-cover.sh: programs outside tools/deps.sh and the base system are shimmed"
else
	notok "tools/deps-cover.sh: programs outside tools/deps.sh and the base system are shimmed" "$logdir/deps-shims.log"
fi
# A known uncovered program (one that no package owns) must fail, naming itself.
log=$logdir/deps-cover-wrong.log
mkdir -p "$scratch/bin" && printf '#!/bin/sh\necho ran\n' >"$scratch/bin/kit-not-packaged" && chmod +x "$scratch/bin/kit-not-packaged"
if PATH=$scratch/bin:$PATH tools/deps-cover.sh --shims "$scratch/shims" >"$log" 2>&1 &&
	! PATH=$scratch/shims:$scratch/bin:$PATH kit-not-packaged >>"$log" 2>&1 &&
	grep -q '^kit-not-packaged: not installed by the kit' "$log" &&
	PATH=$scratch/shims:$PATH sh -c 'ps -p $$ && man -w 7 mount_namespaces' >>"$log" 2>&1; then
	ok "a program from no listed package fails in one line naming it; ps and man pages are covered"
else
	notok "a program from no listed package fails in one line naming it; ps and man pages are covered" "$log"
fi
log=$logdir/kit-usage.log
sh ./kit --bogus >"$log" 2>&1
rc=$?
if [ $rc = 2 ] && [ "$(wc -l <"$log")" = 1 ] && grep -q "^kit: unknown option --bogus" "$log"; then
	ok "./kit with a bad option: one line, exit 2"
else
	notok "./kit with a bad option: one line, exit 2 (got $rc)" "$log"
fi
log=$logdir/cloud-init.log
sed 's/^package_update: true/package_update: maybe/' tools/cloud-init.yaml >"$scratch/bad-cloud-init.yaml"
if cloud-init schema --config-file tools/cloud-init.yaml >"$log" 2>&1 &&
	! cloud-init schema --config-file "$scratch/bad-cloud-init.yaml" >>"$log" 2>&1; then
	ok "tools/cloud-init.yaml is valid cloud-config (cloud-init schema; a broken copy is refused)"
else
	notok "tools/cloud-init.yaml is valid cloud-config (cloud-init schema; a broken copy is refused)" "$log"
fi
if [ $root = yes ]; then
	run "make doctor: this machine and injected faults (read-only cgroupfs, chroot, missing package, 0700 home)" \
		"$logdir/doctor.log" tests/doctor-test.sh
	run "the leak check judges only the kit's traces and still finds a leaky step's (tests/host-state-test.sh)" \
		"$logdir/host-state-test.log" tests/host-state-test.sh
else
	skipped "make doctor with injected faults; the leak check's own test" "$needs_root"
fi

run "the scripts speak the learner's language: ./kit, doctor, tools/*.sh, box in Japanese and English by LANGUAGE, LC_ALL, LC_MESSAGES, LANG, --lang; before gettext or the catalogue is there (tests/i18n-sh.sh)" \
	"$logdir/i18n-sh.log" tests/i18n-sh.sh

t_done
