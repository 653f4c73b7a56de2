#!/bin/sh
# build.sh builds the requesthook Collector distribution (builder-config.yaml:
# the OTLP receiver, batch and memory_limiter processors, OTLP and debug
# exporters, file_storage, and this module's requestlog exporter and
# receiver) with the OpenTelemetry Collector Builder v0.165.0, once, into a
# cache folder, and prints the binary's absolute path as its last line.
# Progress and the builder's output go to stderr.
#
#   sh collector/build.sh            # build or reuse; prints the path
#   sh collector/build.sh -f         # rebuild even if a build is cached
#
# The folder is $REQUESTHOOK_COLLECTOR_DIR, by default
# ${XDG_CACHE_HOME:-$HOME/.cache}/requesthook/otelcol-v0.165.0. A cached
# binary is reused while the manifest, the go.mod and go.sum files, the Go
# sources of this clone and the Go version are unchanged (a stamp file next
# to it records them). The first build downloads the Collector's modules
# through the module proxy and takes about 5 minutes on two cores; a rebuild
# after a source change first tries offline (GOPROXY=off) and takes about a
# minute.
set -eu

builder_version=v0.165.0 # go.opentelemetry.io/collector/cmd/builder

force=0
case "${1:-}" in
-f | --force) force=1 ;;
"") ;;
*)
	echo "usage: $0 [-f]" >&2
	exit 2
	;;
esac

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cache_root=${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}
dir=${REQUESTHOOK_COLLECTOR_DIR:-$cache_root/requesthook/otelcol-$builder_version}
name=requesthook-otelcol
bin=$dir/$name
stampfile=$dir/$name.stamp
ocb=$dir/bin/builder

command -v go >/dev/null 2>&1 || {
	echo "build.sh: the go command is not on PATH; install Go 1.26 or later" >&2
	exit 1
}

# The stamp identifies what the binary was built from: the Go version, the
# manifest, and every go.mod, go.sum and non-test Go file of the clone.
stamp=$(cd "$root" && {
	go version
	echo "$builder_version"
	cat collector/builder-config.yaml
	find . -path ./.git -prune -o \( -name go.mod -o -name go.sum -o \( -name '*.go' ! -name '*_test.go' \) \) -type f -print |
		LC_ALL=C sort | xargs cat
} | cksum)

if [ "$force" = 0 ] && [ -x "$bin" ] && [ -f "$stampfile" ] &&
	[ "$(cat "$stampfile")" = "$stamp" ]; then
	echo "build.sh: reusing $bin" >&2
	echo "$bin"
	exit 0
fi

mkdir -p "$dir/bin"
if [ ! -x "$ocb" ]; then
	echo "build.sh: installing the Collector Builder $builder_version into $dir/bin" >&2
	if ! GOWORK=off GOBIN="$dir/bin" GOFLAGS=-buildvcs=false go install "go.opentelemetry.io/collector/cmd/builder@$builder_version"; then
		echo "build.sh: installing go.opentelemetry.io/collector/cmd/builder@$builder_version failed (see above)" >&2
		exit 1
	fi
fi

# The builder writes the sources and the binary to output_path, and the
# replace of the root module must name this clone: both are absolute here.
manifest=$dir/builder-config.yaml
sed -e "s|^  output_path:.*|  output_path: $dir/src|" \
	-e "s|^  - github.com/requesthook/requesthook => \.\./\.\.\$|  - github.com/requesthook/requesthook => $root|" \
	"$here/builder-config.yaml" >"$manifest"

run_builder() {
	# GOWORK=off: a go.work above must not change what is built.
	(cd "$here" && GOWORK=off GOFLAGS=-buildvcs=false "$ocb" --config "$manifest" "$@")
}

echo "build.sh: building $name into $bin" >&2
start=$(date +%s)
log=$dir/build.log
ok=0
if [ -f "$dir/online.done" ]; then
	# The modules were downloaded by an earlier build: try without the network.
	if GOPROXY=off run_builder >"$log" 2>&1; then
		ok=1
	else
		echo "build.sh: the offline build failed; retrying with the module proxy" >&2
	fi
fi
if [ "$ok" = 0 ]; then
	if run_builder >"$log" 2>&1; then
		ok=1
		: >"$dir/online.done"
	fi
fi
if [ "$ok" = 0 ]; then
	cat "$log" >&2
	echo "build.sh: the Collector Builder failed (its output is above)" >&2
	exit 1
fi
tmp=$dir/$name.tmp.$$
trap 'rm -f "$tmp"' EXIT INT TERM
cp "$dir/src/$name" "$tmp"
# Rename into place so a concurrent reader never sees a half-written binary.
mv -f "$tmp" "$bin"
printf '%s\n' "$stamp" >"$stampfile"
echo "build.sh: built $bin in $(($(date +%s) - start))s" >&2
echo "$bin"
