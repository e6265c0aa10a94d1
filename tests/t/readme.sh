#!/usr/bin/env bash
# README as a test: every ```console block is a transcript.  A line starting
# with "$ " is a command, run by bash from the repository root; the lines
# after it, up to the next command or the end of the block, are what it
# prints (standard output, then standard error).  A command ending in
# "# exit status N" must exit with N; any other must exit 0.  So the
# tutorial cannot rot: change a tool's output and this test says where.
. "$(dirname "$0")/../tap.sh"
# commands may write files (a chart, a split): they land in a scratch copy
mkdir "$tmp/work"
ln -s "$ROOT/samples" "$tmp/work/samples"
python3 - "$ROOT/README.md" "$tmp/work" <<'PY'
import re, subprocess, sys
readme, work = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
n = bad = 0
for block in re.findall(r"```console\n(.*?)```", text, re.S):
    cmds = []
    for line in block.splitlines():
        if line.startswith("$ "):
            cmds.append([line[2:], []])
        elif cmds:
            cmds[-1][1].append(line)
    for cmd, want in cmds:
        n += 1
        m = re.search(r"#\s*exit status (\d+)\s*$", cmd)
        status = int(m.group(1)) if m else 0
        p = subprocess.run(["bash", "-c", "set -o pipefail; " + cmd], cwd=work,
                           capture_output=True, text=True)
        got = (p.stdout + p.stderr).rstrip("\n").split("\n") if (p.stdout + p.stderr) else []
        want_s = "\n".join(want).rstrip("\n")
        got_s = "\n".join(got).rstrip("\n")
        bad += p.returncode != status or got_s != want_s
        if p.returncode != status:
            print(f"not ok {n} - {cmd}: status {p.returncode}, expected {status}")
            for l in (p.stderr.splitlines()[:3]): print("# " + l)
        elif got_s != want_s:
            print(f"not ok {n} - {cmd}: output differs from README")
            import difflib
            for l in list(difflib.unified_diff(want_s.split("\n"), got_s.split("\n"), "README", "got", lineterm=""))[:12]:
                print("# " + l)
        else:
            print(f"ok {n} - {cmd}")
print(f"1..{n}")
sys.exit(1 if bad else 0)
PY
