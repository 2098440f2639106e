#!/usr/bin/env bash
# Benchmarks ropa on synthetic registries of growing size.
#
#   benches/run.sh [WORKDIR]            # default WORKDIR: /tmp/ropa-bench
#   SCALES="1 10" RUNS=5 benches/run.sh # other sizes, more timed runs
#   IDLE=10 benches/run.sh              # longer pause before each "after idle" run
#
# For each scale it generates a registry (examples/gen_registry.rs: 100 × scale
# processes, each in German and English), then measures `check`, a full `build` (both
# languages), `report`, `export --bundle` and a one-file rebuild in `serve`, and `check`
# again on the same registry with half the processes. It prints one table: wall time
# (median of RUNS timed runs after one warm-up run; hyperfine when installed), peak RSS
# (/usr/bin/time -f %M), and for the build the output size per HTML page. `check` is
# timed twice: in runs that follow each other, and in runs that each follow IDLE seconds
# (default 5) without work, as a check on a commit does; on a virtual machine that hands
# freed memory back to its host, the second is the slower. Results also go to
# WORKDIR/results.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${1:-/tmp/ropa-bench}
SCALES=${SCALES:-"1 10 100"}
RUNS=${RUNS:-3}
IDLE=${IDLE:-5}
AS_OF=2026-11-29
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

need() { command -v "$1" >/dev/null 2>&1; }
if [[ ! -x /usr/bin/time ]]; then
    echo "installing GNU time (for peak memory)…" >&2
    apt-get install -y time >/dev/null
fi
need curl || { echo "installing curl…" >&2; apt-get install -y curl >/dev/null; }

echo "building release binaries…" >&2
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" --bin ropa --example gen_registry
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
ROPA=$TARGET/release/ropa
# ROPA_BIN=PATH times another ropa binary (e.g. a build of the previous commit) on the
# same generated registries, for a before/after row in the same hour.
ROPA=${ROPA_BIN:-$ROPA}
GEN=$TARGET/release/examples/gen_registry

# ---------------------------------------------------------------------------------------
# Measuring

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# median_secs: the median of the microseconds on stdin, in seconds
median_secs() { median | awk '{printf "%.3f\n", $1 / 1e6}'; }

# timed_runs PAUSE CMD…: the wall time of $RUNS runs of CMD in µs, each after PAUSE
# seconds without work
timed_runs() {
    local pause=$1 i t0 t1
    shift
    for ((i = 0; i < RUNS; i++)); do
        sleep "$pause"
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1
        t1=$(date +%s%N)
        echo "$(( (t1 - t0) / 1000 ))"
    done
}

# wall SECONDS: median wall time of "$@" (one warm-up, then $RUNS timed runs)
wall() {
    if need hyperfine; then
        local json=$WORK/.hyperfine.json
        hyperfine --style none --warmup 1 --runs "$RUNS" -N --export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
        grep -o '"median": *[0-9.e+-]*' "$json" | head -1 | sed 's/.*: *//' | awk '{printf "%.3f\n", $1}'
    else
        "$@" >/dev/null 2>&1
        timed_runs 0 "$@" | median_secs
    fi
}

# wall_after_idle SECONDS: median wall time of "$@" over $RUNS runs, each after $IDLE
# seconds without work (no warm-up: the pause is what is measured)
wall_after_idle() { timed_runs "$IDLE" "$@" | median_secs; }

# rss MiB: peak resident memory of one run of "$@"
rss() {
    local f=$WORK/.time
    /usr/bin/time -f %M -o "$f" "$@" >/dev/null 2>&1 || true
    awk '{printf "%.0f\n", $1 / 1024}' "$f"
}

# serve_rebuild DIR: median time from appending a line to one process file until the
# served page shows it (curl every 10 ms), over $RUNS edits. Prints
# "SECONDS RSS_MIB SERVER_MS" (SERVER_MS: the server's own "rebuilt in N ms", median).
serve_rebuild() {
    local dir=$1 log=$WORK/.serve.log file=$1/processes/p-00001.md
    local backup=$WORK/.p-00001.md.bak
    cp "$file" "$backup"
    "$ROPA" serve "$dir" --port 0 --as-of "$AS_OF" >"$log" 2>"$log.err" &
    local pid=$! url="" i
    for ((i = 0; i < 60000; i++)); do
        url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" 2>/dev/null | head -1 || true)
        [[ -n $url ]] && break
        kill -0 "$pid" 2>/dev/null || { echo "serve exited: $(cat "$log.err")" >&2; return 1; }
        sleep 0.01
    done
    local page=${url}de/processes/p-00001.html
    until curl -sf -o /dev/null "$page"; do sleep 0.01; done
    local times=() n
    for ((n = 1; n <= RUNS; n++)); do
        local mark="BENCH-EDIT-$n-$(date +%s%N)"
        sleep 0.5 # let the watcher settle between edits
        local t0 t1
        t0=$(date +%s%N)
        printf '\n%s\n' "$mark" >>"$file"
        until [[ $(curl -sf "$page" 2>/dev/null) == *"$mark"* ]]; do sleep 0.01; done
        t1=$(date +%s%N)
        times+=("$(( (t1 - t0) / 1000 ))")
    done
    local mem
    mem=$(awk '/VmHWM/ {printf "%.0f\n", $2 / 1024}' "/proc/$pid/status")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    cp "$backup" "$file"
    local server_ms
    server_ms=$(grep -o 'rebuilt in [0-9]* ms' "$log.err" | awk '{print $3}' | median)
    printf '%s\n' "${times[@]}" | median | awk -v m="$mem" -v s="$server_ms" '{printf "%.3f %s %s\n", $1 / 1e6, m, s}'
}

# ---------------------------------------------------------------------------------------
# Running

RESULTS=$WORK/results.md
{
    echo "ropa benchmarks — $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), ropa $("$ROPA" --version 2>/dev/null | awk '{print $2}')"
    echo "wall time: median of $RUNS runs after one warm-up ($(need hyperfine && echo hyperfine || echo date +%s%N)), or of $RUNS runs each after ${IDLE} s idle; RSS: /usr/bin/time -f %M"
    echo
    echo "| scale | records | pages | command | wall (s) | peak RSS (MiB) | output bytes/page |"
    echo "|---:|---:|---:|---|---:|---:|---:|"
} | tee "$RESULTS"

row() { echo "| $1 | $2 | $3 | $4 | $5 | $6 | $7 |" | tee -a "$RESULTS"; }

# generate NAME ARGS…: writes a registry into $WORK/NAME (gen_registry ARGS) and prints
# its number of records. The registry must be clean (the benchmark of a failing check
# would measure nothing): the script stops when `ropa check` finds an error or warning.
generate() {
    local name=$1 out
    shift
    out=$("$GEN" "$@" --out "$WORK/$name")
    echo "$out" >&2
    if ! "$ROPA" check "$WORK/$name" --as-of "$AS_OF" --deny-warnings --format json >"$WORK/check-$name.json"; then
        echo "ropa check found problems in the generated registry $name:" >&2
        "$ROPA" check "$WORK/$name" --as-of "$AS_OF" | tail -40 >&2
        exit 1
    fi
    echo "$out" | sed -n 's/.*: \([0-9]*\) records.*/\1/p'
}

for scale in $SCALES; do
    dir=$WORK/s$scale
    records=$(generate "s$scale" --scale "$scale")
    site=$WORK/site-s$scale

    "$ROPA" build "$dir" --out "$site" --as-of "$AS_OF" >/dev/null 2>&1
    pages=$(find "$site" -name '*.html' | wc -l)
    bytes=$(du -sb "$site" | cut -f1)
    per_page=$((bytes / pages))

    row "$scale" "$records" "$pages" "check" "$(wall "$ROPA" check "$dir" --as-of "$AS_OF")" "$(rss "$ROPA" check "$dir" --as-of "$AS_OF")" ""
    row "$scale" "$records" "$pages" "check, each run after ${IDLE} s idle" "$(wall_after_idle "$ROPA" check "$dir" --as-of "$AS_OF")" "" ""
    row "$scale" "$records" "$pages" "build (de+en)" "$(wall "$ROPA" build "$dir" --out "$site" --as-of "$AS_OF")" "$(rss "$ROPA" build "$dir" --out "$site" --as-of "$AS_OF")" "$per_page"
    row "$scale" "$records" "$pages" "report" "$(wall "$ROPA" report "$dir" --as-of "$AS_OF" --out "$WORK/report-s$scale.html")" "$(rss "$ROPA" report "$dir" --as-of "$AS_OF" --out "$WORK/report-s$scale.html")" ""
    row "$scale" "$records" "$pages" "export --bundle" "$(wall "$ROPA" export "$dir" --as-of "$AS_OF" --bundle "$WORK/bundle-s$scale.zip")" "$(rss "$ROPA" export "$dir" --as-of "$AS_OF" --bundle "$WORK/bundle-s$scale.zip")" ""
    read -r serve_s serve_mib server_ms < <(serve_rebuild "$dir")
    row "$scale" "$records" "$pages" "serve: one-file rebuild (server: ${server_ms} ms)" "$serve_s" "$serve_mib" ""

    # The same registry with half the processes: 50 × scale, each in two languages, so
    # 100 × scale Markdown pages in all (at scale 100, 10,000 pages).
    half=$WORK/s$scale-half
    half_records=$(generate "s$scale-half" --scale "$scale" --processes $((50 * scale)))
    label="check, $((50 * scale)) processes ($((100 * scale)) Markdown pages)"
    row "$scale" "$half_records" "" "$label" "$(wall "$ROPA" check "$half" --as-of "$AS_OF")" "$(rss "$ROPA" check "$half" --as-of "$AS_OF")" ""
    row "$scale" "$half_records" "" "$label, each run after ${IDLE} s idle" "$(wall_after_idle "$ROPA" check "$half" --as-of "$AS_OF")" "" ""
done
echo >&2
echo "results: $RESULTS" >&2
