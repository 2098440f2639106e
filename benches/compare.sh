#!/usr/bin/env bash
# Builds the process pages of a synthetic registry with ropa, Hugo and mdBook, and prints
# ropa's time as a ratio to each (ratio = ropa / other; below 1.0 ropa is faster).
#
#   benches/compare.sh [WORKDIR] [SCALE]     # defaults: /tmp/ropa-bench, 100
#
# The same Markdown goes to every tool: the German process bodies (processes/p-*.md,
# front matter replaced by what each tool needs: `title:` for Hugo, nothing for mdBook,
# whose titles come from a generated SUMMARY.md), and for the Hugo de+en row also the
# English ones (p-*.en.md, which is Hugo's own naming of translations). Hugo uses a
# minimal theme-less layout (layouts/_default/single.html + list.html). Every tool
# writes to WORKDIR (under /tmp by default).
#
# ropa's row is its full build: every page of the wiki in both languages — the process
# pages plus a page per record, indexes, diagrams, the search index and both reports.
#
# After a warm-up run of each, the tools take turns for RUNS rounds (default 3); each
# row shows the tool's median time, and the ratio is the median of the rounds' ratios.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${1:-/tmp/ropa-bench}
SCALE=${2:-100}
RUNS=${RUNS:-3}
AS_OF=2026-11-29
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

need() { command -v "$1" >/dev/null 2>&1; }
export PATH="$HOME/.cargo/bin:$PATH"
if ! need hugo; then
    echo "installing Hugo (apt)…" >&2
    apt-get install -y hugo >/dev/null
fi
if ! need mdbook; then
    echo "installing mdBook (cargo install; this compiles for several minutes)…" >&2
    cargo install mdbook --locked --quiet
fi
[[ -x /usr/bin/time ]] || apt-get install -y time >/dev/null

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" --bin ropa --example gen_registry
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
ROPA=$TARGET/release/ropa
# ROPA_BIN=PATH times another ropa binary (e.g. a build of the previous commit) on the
# same generated registries, for a before/after row in the same hour.
ROPA=${ROPA_BIN:-$ROPA}
GEN=$TARGET/release/examples/gen_registry

dir=$WORK/s$SCALE
if [[ ! -f $dir/processes/p-00001.md ]]; then
    "$GEN" --scale "$SCALE" --out "$dir" >&2
fi

# ---------------------------------------------------------------------------------------
# The same pages for Hugo and mdBook

hugo_src=$WORK/hugo-s$SCALE
hugo_src_de=$WORK/hugo-de-s$SCALE
book_src=$WORK/mdbook-s$SCALE
rm -rf "$hugo_src" "$hugo_src_de" "$book_src"
mkdir -p "$hugo_src/content/processes" "$hugo_src/layouts/_default" "$book_src/src"

# Hugo: front matter becomes `title:` only. mdBook: no front matter; a SUMMARY.md entry
# per German page with its title.
(cd "$dir/processes" && ls) | grep '\.md$' | awk -v src="$dir/processes" -v hugo="$hugo_src/content/processes" \
    -v book="$book_src/src" '
{
    name = $0
    german = (name !~ /\.[a-z][a-z]\.md$/)
    path = src "/" name
    fm = 0; title = ""; body = ""
    while ((getline line < path) > 0) {
        if (fm < 2 && line == "---") { fm++; continue }
        if (fm == 1) {
            if (line ~ /^title: /) { title = substr(line, 8) }
            continue
        }
        body = body line "\n"
    }
    close(path)
    out = hugo "/" name
    printf "---\ntitle: %s\n---\n%s", title, body > out
    close(out)
    if (german) {
        out = book "/" name
        printf "%s", body > out
        close(out)
        gsub(/^"|"$/, "", title)
        gsub(/\\"/, "\"", title)
        summary[++n] = "- [" title "](" name ")"
    }
}
END {
    out = book "/SUMMARY.md"
    print "# Summary\n" > out
    for (i = 1; i <= n; i++) print summary[i] > out
    close(out)
}'

cat >"$hugo_src/layouts/_default/single.html" <<'EOF'
<!DOCTYPE html>
<html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
EOF
cat >"$hugo_src/layouts/_default/list.html" <<'EOF'
<!DOCTYPE html>
<html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>
EOF
# Both languages (p-*.md German, p-*.en.md English — Hugo's translation by file name).
cat >"$hugo_src/config.toml" <<'EOF'
baseURL = "/"
title = "Prozesse"
defaultContentLanguage = "de"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[languages.de]
weight = 1
[languages.en]
weight = 2
EOF
# German only: the same site without the translations.
mkdir -p "$hugo_src_de"
cp -r "$hugo_src/layouts" "$hugo_src_de/"
mkdir -p "$hugo_src_de/content/processes"
find "$hugo_src/content/processes" -name '*.md' ! -name '*.en.md' -exec cp -t "$hugo_src_de/content/processes" {} +
cat >"$hugo_src_de/config.toml" <<'EOF'
baseURL = "/"
title = "Prozesse"
defaultContentLanguage = "de"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
EOF

cat >"$book_src/book.toml" <<'EOF'
[book]
title = "Prozesse"
language = "de"
src = "src"
[output.html]
EOF

# ---------------------------------------------------------------------------------------
# Timing

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# time_once OUT CMD…: wall time of one run of CMD in µs. OUT (the output folder) is
# removed and the disk synced before, untimed, so each tool builds from nothing and no
# run pays for deleting the previous one's files.
time_once() {
    local out=$1 t0 t1
    shift
    rm -rf "$out"; sync
    t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000 ))"
}
# rss OUT CMD…: peak resident memory of one run, in MiB.
rss() {
    local out=$1
    shift
    rm -rf "$out"; sync
    /usr/bin/time -f %M -o "$WORK/.time" "$@" >/dev/null 2>&1 || true
    awk '{printf "%.0f\n", $1 / 1024}' "$WORK/.time"
}
pages() { find "$1" -name '*.html' | wc -l; }

# Where the sites are written: OUT_DIR=/dev/shm/ropa-cmp measures the generators
# without the disk (on a slow disk, writing tens of thousands of files dominates).
OUT_DIR=${OUT_DIR:-$WORK}
mkdir -p "$OUT_DIR"
ropa_out=$OUT_DIR/cmp-ropa-s$SCALE
hugo_out=$OUT_DIR/cmp-hugo-s$SCALE
hugo_de_out=$OUT_DIR/cmp-hugo-de-s$SCALE
book_out=$OUT_DIR/cmp-mdbook-s$SCALE

ropa_cmd=("$ROPA" build "$dir" --out "$ropa_out" --as-of "$AS_OF")
hugo_cmd=(hugo --quiet --source "$hugo_src" --destination "$hugo_out")
hugo_de_cmd=(hugo --quiet --source "$hugo_src_de" --destination "$hugo_de_out")
book_cmd=(mdbook build "$book_src" --dest-dir "$book_out")

tools=(ropa hugo hugo_de)
# mdBook puts the whole table of contents into every page, so at scale 100 it writes
# 10,000 pages of 10,000 links each and takes very long; MDBOOK=0 leaves it out.
if [[ ${MDBOOK:-1} != 0 ]]; then
    tools+=(book)
fi
# run TOOL: one timed run of the tool (µs).
run() {
    case $1 in
        ropa) time_once "$ropa_out" "${ropa_cmd[@]}" ;;
        hugo) time_once "$hugo_out" "${hugo_cmd[@]}" ;;
        hugo_de) time_once "$hugo_de_out" "${hugo_de_cmd[@]}" ;;
        book) time_once "$book_out" "${book_cmd[@]}" ;;
    esac
}
# The timed runs take turns, one run of each tool per round, so that a slow minute of
# the machine (its speed drifts by a third within the hour) falls on all of them
# alike; ropa's ratio to a tool is the median of the rounds' ratios.
echo "timing: a warm-up run of each tool, then $RUNS rounds of one run each…" >&2
for tool in "${tools[@]}"; do
    run "$tool" >/dev/null
    : >"$WORK/.times-$tool"
done
for ((i = 0; i < RUNS; i++)); do
    for tool in "${tools[@]}"; do
        run "$tool" >>"$WORK/.times-$tool"
    done
done
secs() { median <"$WORK/.times-$1" | awk '{printf "%.3f\n", $1 / 1e6}'; }
t_ropa=$(secs ropa); m_ropa=$(rss "$ropa_out" "${ropa_cmd[@]}")
t_hugo=$(secs hugo); m_hugo=$(rss "$hugo_out" "${hugo_cmd[@]}")
t_hugo_de=$(secs hugo_de); m_hugo_de=$(rss "$hugo_de_out" "${hugo_de_cmd[@]}")
if [[ ${MDBOOK:-1} != 0 ]]; then
    t_book=$(secs book); m_book=$(rss "$book_out" "${book_cmd[@]}")
fi

# ratio TOOL: the median over the rounds of ropa's time divided by the tool's.
ratio() {
    paste "$WORK/.times-ropa" "$WORK/.times-$1" | awk '{print $1 / $2}' | median | awk '{printf "%.2f", $1}'
}
{
    echo "compare — output in $OUT_DIR ($(df --output=fstype "$OUT_DIR" | tail -1 | tr -d ' ')), scale $SCALE ($(ls "$dir/processes" | grep -vc '\.en\.md$') process pages per language), $(nproc) cores, $(hugo version | awk '{print $2}' | cut -d+ -f1), mdbook $(mdbook --version | awk '{print $2}')"
    echo
    echo "| tool | what it builds | HTML pages | wall (s) | peak RSS (MiB) | ropa / tool |"
    echo "|---|---|---:|---:|---:|---:|"
    echo "| ropa build | whole wiki, de+en (processes + every record, indexes, diagrams, search, reports) | $(pages "$ropa_out") | $t_ropa | $m_ropa | 1.00 |"
    echo "| Hugo | process pages de+en | $(pages "$hugo_out") | $t_hugo | $m_hugo | $(ratio hugo) |"
    echo "| Hugo | process pages de | $(pages "$hugo_de_out") | $t_hugo_de | $m_hugo_de | $(ratio hugo_de) |"
    if [[ -n ${t_book:-} ]]; then
        echo "| mdBook | process pages de (+ print.html, search index) | $(pages "$book_out") | $t_book | $m_book | $(ratio book) |"
    fi
} | tee "$WORK/compare-s$SCALE.md"
