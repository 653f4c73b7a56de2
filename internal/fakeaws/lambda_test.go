package fakeaws_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/requesthook/requesthook/internal/fakeaws"
)

func TestLambda(t *testing.T) {
	srv := fakeaws.New(t)
	c := lambda.NewFromConfig(sdkConfig(t), func(o *lambda.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	in := &lambda.InvokeInput{FunctionName: aws.String("my-function"), Payload: []byte(`{"ping":1}`)}

	out, err := c.Invoke(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if out.StatusCode != 200 || string(out.Payload) != `{"ping":1}` || aws.ToString(out.ExecutedVersion) != "$LATEST" {
		t.Errorf("Invoke = %d %q %q, want 200, the payload back, $LATEST", out.StatusCode, out.Payload, aws.ToString(out.ExecutedVersion))
	}
	if r := srv.Requests()[0]; r.Service != "Lambda" || r.Operation != "Invoke" || r.Function != "my-function" {
		t.Errorf("recorded %s.%s of %q, want Lambda.Invoke of my-function", r.Service, r.Operation, r.Function)
	}

	ev, err := c.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: aws.String("f"), InvocationType: types.InvocationTypeEvent})
	if err != nil || ev.StatusCode != 202 {
		t.Errorf("Event invocation = %v, %v; want 202", ev, err)
	}

	srv.FailNext("Lambda", "Invoke", 1, fakeaws.Error{Status: 429, Code: "TooManyRequestsException", Message: "Rate Exceeded."})
	if _, err := c.Invoke(t.Context(), in); err != nil {
		t.Errorf("after a throttle: %v", err)
	}
	srv.FailAlways("Lambda", "Invoke", fakeaws.Error{Status: 404, Code: "ResourceNotFoundException", Message: "Function not found: my-function"})
	_, err = c.Invoke(t.Context(), in)
	wantAPIError(t, err, "ResourceNotFoundException", "Function not found: my-function")
}
