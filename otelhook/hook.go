package otelhook

import "github.com/requesthook/requesthook/apicall"

// RequestHook receives every finished call, like boto's
// boto.utils.RequestHook.handle_request_data(request, response, error). It is
// apicall.RequestHook, which the SDK-side processors (exporter.NewHookProcessor)
// take without depending on this package.
type RequestHook = apicall.RequestHook

// HookFunc adapts an ordinary function to the RequestHook interface. It is
// apicall.HookFunc.
type HookFunc = apicall.HookFunc
