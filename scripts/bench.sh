#!/usr/bin/env bash
# scripts/bench.sh: zhibu's speed and memory on large databases, against these targets (release
# build, 80x24 terminal, today = 2026-11-28):
#
#   10,000-member sample (zhibu sample --members 10000)
#     open + first frame of the members tab  < 100 ms   divan: members::open_first_frame_members
#     Down key + redraw                      < 5 ms     divan: members::key_down_members
#     resident memory of the running TUI     < 50 MB    this script (tmux, /proc/PID/status)
#     peak memory after visiting every tab   <= 25 MB   this script (VmHWM after keys 1 to 8)
#     Service::overdue                       < 100 ms   divan: overdue::overdue
#     start to the first frame of 待办        <= 50 ms   divan: overdue::open_first_frame_dashboard
#     report study --format json: peak memory  <= 30 MB   this script (/usr/bin/time)
#     report study: CPU time <= 0.5x the sqlite3 tool computing the same per-member totals from
#       the attendance rows (scripts/study-totals.sql)   this script
#     党费 grid, first frame (key 5)          < 100 ms   divan: dues::grid_first_frame
#     a key in the grid / on collection day  < 16 ms    divan: dues::grid_key_down, dues::collection_key_space
#     every finding, dues included           < 100 ms   divan: dues::all_findings
#   release binary, stripped                 <= 4 MB    this script (Linux; Windows: scripts/windows-check.sh --release)
#     评议 sheet: first frame (key 5)        < 100 ms   divan: evaluation::sheet_first_frame
#     评议 sheet: a grade key + redraw        < 16 ms    divan: evaluation::grade_key
#     every finding, 评议 included           < 100 ms   divan: evaluation::all_findings
#     流动 tab, 1,000 away: first frame (8)    < 100 ms   divan: mobile::open_first_frame_mobile, mobile::switch_to_mobile
#     流动 tab: Down key + redraw             < 16 ms    divan: mobile::key_down_mobile
#     every finding, 流动 included            < 100 ms   divan: mobile::overdue_all_rules
#     zhibu export taizhang (xlsx)           < 10 s, peak memory < 150 MB   this script, divan: export
#   10,000-row roster (xlsx, target/bench-data/roster-10000.xlsx)
#     preview < 2 s, import < 5 s            divan: import::preview_10000_new, import::import_10000
#   2,000 members, 10 years of weekly meetings (1.1 million attendance rows)
#     Service::study_year                    < 100 ms   divan: study::study_year
#     zhibu report study, start to exit      < 300 ms   this script, and divan: study::report_study_process
#     a key in 学习 / 三会一课 + redraw        < 16 ms    divan: study::key_down, study::key_year (3, 4 = tab)
#     resident memory of the running TUI     < 60 MB    this script
#
# usage: scripts/bench.sh [--no-divan | --tui-memory [N]]
#   --no-divan   only the tmux memory runs and the report timings (skips cargo bench)
#   --tui-memory only the peak memory after every tab, N runs (default 3), with the load
# Needs Rust and tmux. The databases are made once into target/bench-data/ (the 10,000-member
# sample takes about 4 minutes; the weekly one seconds) and reused; delete that folder after a
# schema or generator change. The divan benches make them too if this script has not.
# Options for divan go through its environment variables, e.g. DIVAN_SAMPLE_COUNT=5.
set -euo pipefail
cd "$(dirname "$0")/.."

divan=1
only_memory=
while (($#)); do
  case $1 in
    --no-divan) divan= ;;
    --tui-memory)
      only_memory=3
      if [[ ${2:-} =~ ^[0-9]+$ ]]; then only_memory=$2; shift; fi
      ;;
    *) sed -n '2,38p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
  shift
done
command -v tmux >/dev/null || { echo "bench.sh: tmux is not installed (apt-get install tmux)" >&2; exit 2; }

TODAY=2026-11-28
DATA=target/bench-data
BIN=target/release/zhibu
BIG=$DATA/sample-10000-$TODAY.db         # names shared with benches/data/mod.rs
WEEKLY=$DATA/weekly-2000m-10y-v2.db

echo "== building (release)"
cargo build --release --locked --quiet
size=$(stat -c %s "$BIN")
awk -v s="$size" 'BEGIN { printf "== release binary: %d bytes (%.2f MB; target <= 4 MB = 4194304 bytes)\n", s, s / 1048576 }'
mkdir -p "$DATA"
if [[ ! -f $BIG ]]; then
  echo "== making $BIG (about 4 minutes)"
  "$BIN" sample --members 10000 --as-of "$TODAY" --out "$BIG"
fi
# Builds the bench binary and makes the weekly database if it is missing (benches/study.rs).
[[ -n $only_memory ]] || ZHIBU_BENCH_DATA_ONLY=1 cargo bench --locked --quiet --bench study >/dev/null

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# CPU ticks the process has used; it is idle (blocked on the next key) when they stop growing.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo gone; }
wait_idle() {
  local pid=$1 last same=0
  last=$(ticks "$pid")
  while ((same < 3)); do
    sleep 0.1
    local t
    t=$(ticks "$pid")
    if [[ $t == "$last" ]]; then same=$((same + 1)); else same=0 last=$t; fi
  done
}
mem() { awk '/^VmHWM|^VmRSS/ {printf "%s %.1f MB  ", $1, $2 / 1024}' "/proc/$1/status"; }

# tui_memory LABEL DB KEY...: runs the TUI in a private tmux server at 80x24, reads its memory
# after the first frame, types the keys (tmux key names) one at a time, waiting until each is
# handled, and reads it again.
tui_memory() {
  local label=$1 db=$2 sock=zhibu-bench-$$
  shift 2
  local t0 pid
  t0=$(now_ms)
  tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
    "exec env LANG=C.UTF-8 TERM=xterm-256color $BIN --today $TODAY $(printf %q "$db")"
  pid=$(tmux -L "$sock" list-panes -F '#{pane_pid}')
  # The first frame has today's date in the status line.
  until tmux -L "$sock" capture-pane -p | grep -q "$TODAY"; do
    sleep 0.01
    if (($(now_ms) - t0 > 60000)); then echo "bench.sh: no frame after 60 s" >&2; break; fi
  done
  local first=$(($(now_ms) - t0))
  wait_idle "$pid"
  printf '%-34s first frame after %5d ms (tmux start included)\n' "$label" "$first"
  printf '%-34s %s\n' "  after the first frame:" "$(mem "$pid")"
  local t1
  t1=$(now_ms)
  for k in "$@"; do
    tmux -L "$sock" send-keys "$k"
    wait_idle "$pid"
  done
  printf '%-34s %s\n' "  after $# keys:" "$(mem "$pid")"
  printf '    (%s: %d ms with waits)\n' "$*" $(($(now_ms) - t1))
  tmux -L "$sock" send-keys q
  sleep 0.2
  tmux -L "$sock" kill-server 2>/dev/null || true
}

# run_times N CMD...: N runs, wall time (ms) and peak memory of each.
run_times() {
  local n=$1
  shift
  for ((i = 0; i < n; i++)); do
    local t0 t1 kb=""
    t0=$(now_ms)
    if [[ -x /usr/bin/time ]]; then
      kb=$(/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1)
    else
      "$@" >/dev/null
    fi
    t1=$(now_ms)
    printf '  run %d: %4d ms%s\n' $((i + 1)) $((t1 - t0)) "${kb:+, max RSS $((kb / 1024)) MB}"
  done
}

# The TUI opens a generated sample on a scratch copy (226 MB copied at every start), a branch's
# own file in place: the TUI runs use a copy of the sample without its sample mark.
BRANCH=$DATA/branch-10000-$TODAY.db
if [[ ! -f $BRANCH || $BIG -nt $BRANCH ]] && command -v sqlite3 >/dev/null; then
  rm -f "$BRANCH" "$BRANCH-wal" "$BRANCH-shm"
  sqlite3 "$BIG" ".backup '$BRANCH'" && sqlite3 "$BRANCH" "DELETE FROM setting WHERE key = 'sample_as_of'"
fi
[[ -f $BRANCH ]] || { echo "(sqlite3 is not installed: the TUI runs include the sample's scratch copy)"; BRANCH=$BIG; }

if [[ -n $only_memory ]]; then
  echo "== peak memory after every tab, 10,000 members (target: VmHWM <= 25 MB)"
  for ((run = 1; run <= only_memory; run++)); do
    echo "  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    tui_memory "10,000, every tab (run $run)" "$BRANCH" 2 3 4 5 6 7 8 1
  done
  exit 0
fi

echo
echo "== resident memory of the TUI (target: 10,000 members < 50 MB, weekly < 60 MB)"
tui_memory "10,000-member sample" "$BRANCH" 2 Down Down Down Down Down PageDown PageDown End Home 1 3 4 '[' ']'
tui_memory "weekly, 2,000 members" "$WEEKLY" 4 Down Down Down Down Down '[' ']' 3 Down Down Down '[' ']'

tui_memory "10,000, every tab" "$BRANCH" 2 3 4 5 6 7 8 1
echo "  (target: VmHWM <= 25 MB after every tab)"

# cpu_times N CMD...: N runs; the least CPU time (user + sys) and wall time of them, in ms, and
# the peak memory: "CPU WALL KB". The input file is the command's stdin.
cpu_times() {
  local n=$1 input=$2
  shift 2
  local best_cpu=999999 best_wall=999999 kb=0
  for ((i = 0; i < n; i++)); do
    local r
    r=$(/usr/bin/time -f '%U %S %e %M' "$@" <"$input" 2>&1 >/dev/null | tail -1)
    read -r u s e m <<<"$r"
    local cpu wall
    cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000 }')
    wall=$(awk -v e="$e" 'BEGIN { printf "%d", e * 1000 }')
    ((cpu < best_cpu)) && best_cpu=$cpu
    ((wall < best_wall)) && best_wall=$wall
    ((m > kb)) && kb=$m
  done
  echo "$best_cpu $best_wall $kb"
}

if [[ -x /usr/bin/time ]]; then
  echo
  echo "== report study, 10,000 members: against sqlite3 computing the same totals (target <= 0.5x)"
  echo "   (load: $(cut -d' ' -f1-3 /proc/loadavg); best of 5 runs; CPU = user + sys)"
  read -r zc zw zkb < <(cpu_times 5 /dev/null "$BIN" --today "$TODAY" report study --db "$BIG")
  printf '  zhibu report study         CPU %4d ms  wall %4d ms  max RSS %d MB\n' "$zc" "$zw" $((zkb / 1024))
  if command -v sqlite3 >/dev/null; then
    read -r sc sw skb < <(cpu_times 5 scripts/study-totals.sql sqlite3 -readonly "$BIG")
    printf '  sqlite3 study-totals.sql   CPU %4d ms  wall %4d ms  max RSS %d MB\n' "$sc" "$sw" $((skb / 1024))
    awk -v z="$zc" -v s="$sc" 'BEGIN { if (s > 0) printf "  ratio (CPU): %.2fx (target <= 0.5x)\n", z / s }'
  else
    echo "  sqlite3 is not installed: no comparison (apt-get install sqlite3)"
  fi
  echo "== report study --format json, 10,000 members: peak memory (target <= 30 MB)"
  read -r jc jw jkb < <(cpu_times 3 /dev/null "$BIN" --today "$TODAY" report study --format json --db "$BIG")
  printf '  CPU %4d ms  wall %4d ms  max RSS %d MB (%d KB)\n' "$jc" "$jw" $((jkb / 1024)) "$jkb"
fi

echo
echo "== zhibu report study, start to exit (target < 300 ms), 2,000 members, 1.1M attendance rows"
report=("$BIN" --today "$TODAY" report study --db "$WEEKLY")
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 2 --runs 10 "${report[*]}"
else
  "${report[@]}" >/dev/null # warm the file cache
  run_times 5 "${report[@]}"
fi
echo "== zhibu report overdue, start to exit (for comparison)"
run_times 2 "$BIN" --today "$TODAY" report overdue --db "$WEEKLY"
run_times 2 "$BIN" --today "$TODAY" report overdue --db "$BIG"

echo "== zhibu export taizhang, start to exit (target < 10 s, peak memory < 150 MB), 10,000 members"
for i in 1 2; do
  rm -f "$DATA/taizhang-bench.xlsx"
  run_times 1 "$BIN" --today "$TODAY" export taizhang --year 2026 --db "$BIG" --out "$DATA/taizhang-bench.xlsx"
done
rm -f "$DATA/taizhang-bench.xlsx"

if [[ -n $divan ]]; then
  echo
  echo "== divan benches"
  cargo bench --locked --bench members --bench overdue --bench study --bench dues --bench pledges --bench evaluation --bench mobile --bench import --bench export
fi
