#!/bin/sh
# build.sh builds the Jaeger v2 all-in-one binary (cmd/jaeger of
# github.com/jaegertracing/jaeger v1.76.0, which is Jaeger v2.13.0) from this
# tools module, once, into a cache folder, and prints the binary's path on
# stdout. Progress goes to stderr.
#
#   sh internal/tools/jaeger/build.sh            # build or reuse; prints the path
#   sh internal/tools/jaeger/build.sh -f         # rebuild even if a build is cached
#
# The folder is $REQUESTHOOK_JAEGER_DIR, by default
# ${XDG_CACHE_HOME:-$HOME/.cache}/requesthook/jaeger-v1.76.0. A cached binary is
# reused while go.mod, go.sum and the Go version it was built with are
# unchanged (a stamp file next to it records them). The first build downloads
# about 300 modules through the module proxy and takes about 5 to 8 minutes on
# two cores (326 s on a loaded two-core machine, about 8 minutes on another);
# later runs return at once.
#
# Why a tools module: `go install github.com/jaegertracing/jaeger/cmd/jaeger@v1.76.0`
# refuses to build because Jaeger's go.mod has a replace directive; go.mod here
# repeats it and names the binary with a `tool` directive.
set -eu

version=v1.76.0      # module version of github.com/jaegertracing/jaeger
app_version=v2.13.0  # the Jaeger release it is (what `jaeger version` prints)

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
cache_root=${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}
dir=${REQUESTHOOK_JAEGER_DIR:-$cache_root/requesthook/jaeger-$version}
bin=$dir/jaeger
stampfile=$dir/jaeger.stamp

command -v go >/dev/null 2>&1 || {
	echo "build.sh: the go command is not on PATH; install Go 1.26 or later" >&2
	exit 1
}

# The stamp identifies what the binary was built from.
stamp=$(cd "$here" && {
	go version
	cat go.mod go.sum
} | cksum)

if [ "$force" = 0 ] && [ -x "$bin" ] && [ -f "$stampfile" ] &&
	[ "$(cat "$stampfile")" = "$stamp" ]; then
	echo "build.sh: reusing $bin (Jaeger $app_version)" >&2
	echo "$bin"
	exit 0
fi

mkdir -p "$dir"
tmp=$dir/jaeger.tmp.$$
trap 'rm -f "$tmp"' EXIT INT TERM

echo "build.sh: building Jaeger $app_version (github.com/jaegertracing/jaeger@$version) into $bin" >&2
echo "build.sh: the first build downloads its modules and takes about 5-8 minutes on two cores" >&2
start=$(date +%s)
# GOWORK=off: a go.work above this folder must not change what is built.
# GOFLAGS: go.mod and go.sum are complete, never edit them here; no VCS stamping.
if ! (cd "$here" && GOWORK=off GOFLAGS="-mod=readonly -buildvcs=false" go build \
	-ldflags "-s -w -X github.com/jaegertracing/jaeger/internal/version.latestVersion=$app_version" \
	-o "$tmp" github.com/jaegertracing/jaeger/cmd/jaeger); then
	echo "build.sh: building Jaeger failed (see the go build output above)" >&2
	exit 1
fi
# Rename into place so a concurrent reader never sees a half-written binary.
mv -f "$tmp" "$bin"
printf '%s\n' "$stamp" >"$stampfile"
echo "build.sh: built $bin in $(($(date +%s) - start))s" >&2
echo "$bin"
