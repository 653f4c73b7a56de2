// Package browsertest opens the HTML page of "requestlog report" in a real,
// headless Chromium and checks what it shows: no console errors, nothing
// fetched from the network, every chart with its series and points. It is a
// module of its own so that users of the library never download a browser
// driver; run it with
//
//	cd internal/browsertest && go test ./...
//
// It needs Chromium (Debian's chromium package, or CHROMIUM naming the
// binary); without it the test is skipped, except under CI=true, where it
// fails. BROWSERTEST_SCREENSHOTS names a directory to keep the screenshots
// in (default: the test's temporary directory, which is removed).
package browsertest
