#!/usr/bin/env bash
# scripts/windows-check.sh: zhibu for Windows (x86_64-pc-windows-gnu) and arm64 Linux, checked
# from a Debian machine. Called by .ci/run; run it by hand the same way.
#
#   1. clippy for the Windows target with -D warnings;
#   2. the Windows exe, its imported DLLs checked against an allow-list of Windows' own DLLs;
#   3. that exe under wine: --help, sample, every report in every format (compared with the
#      Linux build's output), report --out, backup, check, and the default data folder
#      %LOCALAPPDATA%\zhibu\data\zhibu.db;
#   4. `cargo test` for the Windows target, run under wine (tests that need Unix tools are
#      marked #[cfg(unix)]);
#   5. `cargo build --target aarch64-unknown-linux-gnu` (统信UOS, 麒麟 on arm64).
#
# usage: scripts/windows-check.sh [--release] [--no-tests]
#   --release    steps 2-3 on the release exe (LTO: several minutes more), and its size checked
#                against 4 MB; without it they use the debug exe that step 4 needs anyway (the
#                same code and imports; CI's time goes to the tests, bench.sh checks the size)
#   --no-tests   skips step 4
# Installs what is missing when run as root (apt-get: gcc-mingw-w64-x86-64, wine,
# gcc-aarch64-linux-gnu; rustup: the two targets). When a piece cannot be installed it says so
# and skips the steps that need it instead of failing.
#
# Wine 8 (Debian 12) has no ProcessPrng in bcryptprimitives.dll, which Rust's standard library
# imports (so the exe needs Windows 10 or later). For wine only, a tiny DLL that provides it
# through SystemFunction036 is built here with mingw and put beside the exe under test; it is
# never part of what is shipped.
set -euo pipefail
cd "$(dirname "$0")/.."

tests=1 profile=debug
for a in "$@"; do
  case $a in
    --no-tests) tests= ;;
    --release) profile=release ;;
    *) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done

WIN=x86_64-pc-windows-gnu
ARM=aarch64-unknown-linux-gnu
TODAY=2026-11-28
WORK=$PWD/target/windows-check
say() { echo "== windows-check: $*"; }
skip() { echo "== windows-check: SKIPPED: $*" >&2; }

# apt_install PKG...: installs the Debian packages that are missing (root only).
apt_updated=
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    echo "windows-check: missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
    return 1
  fi
  say "installing ${missing[*]}"
  if [[ -z $apt_updated ]]; then
    apt-get update -qq >/dev/null || return 1
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || return 1
}

# rust_target T: the standard library for target T (rustup fetches it once).
rust_target() {
  rustup target list --installed 2>/dev/null | grep -qx "$1" && return 0
  say "rustup target add $1"
  rustup target add "$1" >/dev/null 2>&1
}

# --- arm64 Linux: a build is enough (no emulator in CI). ---
arm64_check() {
  if ! apt_install gcc-aarch64-linux-gnu libc6-dev-arm64-cross; then
    skip "aarch64 build: gcc-aarch64-linux-gnu could not be installed"
    return 0
  fi
  if ! rust_target "$ARM"; then
    skip "aarch64 build: \`rustup target add $ARM\` failed (the Rust standard library for it could not be downloaded)"
    return 0
  fi
  say "cargo build --target $ARM"
  CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
    CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc \
    cargo build --locked --quiet --target "$ARM"
  say "built target/$ARM/debug/zhibu"
}

# --- Windows ---
if ! apt_install gcc-mingw-w64-x86-64 wine; then
  skip "Windows check: gcc-mingw-w64-x86-64 or wine could not be installed"
  arm64_check
  exit 0
fi
if ! rust_target "$WIN"; then
  skip "Windows check: \`rustup target add $WIN\` failed (the Rust standard library for Windows could not be downloaded)"
  arm64_check
  exit 0
fi
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc

say "cargo clippy --target $WIN --all-targets -- -D warnings"
cargo clippy --locked --quiet --target "$WIN" --all-targets -- -D warnings

say "cargo build ($profile) --target $WIN"
if [[ $profile == release ]]; then
  cargo build --locked --quiet --release --target "$WIN"
  size=$(stat -c %s "target/$WIN/release/zhibu.exe")
  say "zhibu.exe: $size bytes (target: at most 4 MB = 4194304)"
  ((size <= 4194304)) || { echo "windows-check: zhibu.exe is larger than 4 MB" >&2; exit 1; }
else
  cargo build --locked --quiet --target "$WIN"
fi
cargo build --locked --quiet # the Linux build, whose output the Windows one must match
EXE=target/$WIN/$profile/zhibu.exe
LINUX=target/debug/zhibu

# Windows' own DLLs only: nothing a fresh Windows 10 lacks, nothing from mingw.
ALLOWED='^(kernel32|advapi32|bcryptprimitives|ntdll|ws2_32|userenv|shell32|ole32|oleaut32|combase|user32|msvcrt|api-ms-win-core-synch-l1-2-0|api-ms-win-core-winrt-error-l1-1-0)\.dll$'
dlls=$(x86_64-w64-mingw32-objdump -p "$EXE" | awk '/DLL Name:/ {print tolower($3)}' | sort -u)
say "imported DLLs: $(echo "$dlls" | tr '\n' ' ')"
bad=$(echo "$dlls" | grep -Ev "$ALLOWED" || true)
if [[ -n $bad ]]; then
  echo "windows-check: $EXE imports DLLs outside the allow-list: $bad" >&2
  exit 1
fi

# Wine, quiet and without its Mono/Gecko installers, in a prefix of its own under target/.
export WINEPREFIX=$PWD/target/wine-prefix WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml=;bcryptprimitives=n'
export WINEARCH=win64
if [[ ! -f $WINEPREFIX/system.reg ]]; then
  say "making the wine prefix"
  wineboot -i >/dev/null 2>&1 || wine wineboot -i >/dev/null 2>&1 || true
fi
wineserver -p 60 2>/dev/null || true # one server for all the runs below
rm -rf "$WORK" && mkdir -p "$WORK"
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WORK/bcryptprimitives.dll" \
  scripts/wine/processprng.c scripts/wine/processprng.def -ladvapi32
cp "$EXE" "$WORK/zhibu.exe"

fails=0
fail() { echo "windows-check: FAILED: $*" >&2; fails=$((fails + 1)); }
# win ARGS...: zhibu.exe under wine, in $WORK, output to $WORK/out (stdout) and $WORK/err.
win() { (cd "$WORK" && wine ./zhibu.exe "$@" >out 2>err); }

say "zhibu.exe under wine"
win --help && grep -q zhibu "$WORK/out" || fail "--help: $(cat "$WORK/err")"
win --lang en --help && grep -q report "$WORK/out" || fail "--lang en --help"
win sample --out demo.db --as-of "$TODAY" && [[ -s $WORK/demo.db ]] || fail "sample: $(cat "$WORK/err")"
"$LINUX" sample --out "$WORK/demo-linux.db" --as-of "$TODAY" >/dev/null
for lang in zh en; do
  for r in overdue study meetings; do
    for f in table csv json; do
      args=(--today "$TODAY" --lang "$lang" report "$r" --format "$f")
      if ! win "${args[@]}" --db demo.db; then
        fail "report $r --format $f --lang $lang: $(cat "$WORK/err")"
        continue
      fi
      "$LINUX" "${args[@]}" --db "$WORK/demo-linux.db" >"$WORK/expected"
      cmp -s "$WORK/out" "$WORK/expected" || fail "report $r --format $f --lang $lang differs from the Linux build"
      # --out: a UTF-8 file with a BOM (text and CSV) and CRLF line ends on Windows.
      rm -f "$WORK/r.txt"
      if win "${args[@]}" --db demo.db --out r.txt; then
        if [[ $f != json ]]; then
          [[ $(head -c 3 "$WORK/r.txt" | od -An -tx1 | tr -d ' ') == efbbbf ]] || fail "report --out $f: no BOM"
          grep -q $'\r$' "$WORK/r.txt" || fail "report --out $f: no CRLF line ends"
        fi
        [[ $(tr -d '\r' <"$WORK/r.txt" | sed '1s/^\xef\xbb\xbf//') == "$(sed '1s/^\xef\xbb\xbf//' "$WORK/expected")" ]] ||
          fail "report $r --format $f --out differs from the printed report"
      else
        fail "report $r --format $f --out: $(cat "$WORK/err")"
      fi
    done
  done
done
win backup --db demo.db --out copy.db && [[ -s $WORK/copy.db ]] || fail "backup: $(cat "$WORK/err")"
win --today "$TODAY" report overdue --db copy.db && [[ -s $WORK/out ]] || fail "report on the backup"
if win --help && grep -qE '^ +check ' "$WORK/out"; then
  win --today "$TODAY" check --db demo.db || fail "check: $(cat "$WORK/err")"
else
  say "(no check command in this build: skipped)"
fi
# The default database lives in %LOCALAPPDATA%\zhibu\data\zhibu.db.
win --today "$TODAY" report overdue && fail "report without a database should fail"
grep -qF 'AppData\Local\zhibu\data\zhibu.db' "$WORK/err" || fail "default path: $(cat "$WORK/err")"
local_app=$(cd "$WORK" && wine cmd /c echo '%LOCALAPPDATA%' 2>/dev/null | tr -d '\r')
data=$(winepath -u "$local_app" 2>/dev/null)/zhibu/data
mkdir -p "$data" && cp "$WORK/demo.db" "$data/zhibu.db"
win --today "$TODAY" report overdue && [[ -s $WORK/out ]] || fail "report from the default database: $(cat "$WORK/err")"
rm -f "$data/zhibu.db"
((fails == 0)) || { echo "windows-check: $fails failures under wine" >&2; exit 1; }
say "all commands under wine pass"

if [[ -n $tests ]]; then
  say "cargo test --target $WIN (under wine)"
  # The test exes and zhibu.exe find the ProcessPrng DLL beside them.
  for d in debug debug/deps; do
    mkdir -p "target/$WIN/$d"
    cp "$WORK/bcryptprimitives.dll" "target/$WIN/$d/"
  done
  # INSTA_UPDATE=no: a differing snapshot fails without leaving a .snap.new behind.
  CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine INSTA_UPDATE=no cargo test --locked --quiet --no-fail-fast --target "$WIN"
fi

arm64_check
wineserver -k 2>/dev/null || true
say "done"
