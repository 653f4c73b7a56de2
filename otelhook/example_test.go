package otelhook_test

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/internal/fakeaws"
	"github.com/requesthook/requesthook/otelhook"
)

// fakeEC2 answers every call the way EC2 answers DescribeVolumes.
func fakeEC2() *fakeaws.Server {
	srv, err := fakeaws.Start()
	if err != nil {
		panic(err)
	}
	srv.Respond(fakeaws.Any, fakeaws.Any, describeVolumesAnswer)
	return srv
}

// The Transport on a plain http.Client, calling an API the way boto did.
func ExampleNewTransport() {
	srv := fakeEC2()
	defer srv.Close(context.Background())

	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	client := &http.Client{Transport: otelhook.NewTransport(nil, otelhook.WithTracerProvider(tp))}

	resp, err := client.Get(srv.URL + "/?Action=DescribeVolumes&Version=2016-11-15")
	if err != nil {
		fmt.Println(err)
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close() // ends the span

	for _, s := range spans.Ended() {
		call, _ := exporter.CallFromSpan(s)
		fmt.Println(s.Name(), s.SpanKind(), call.StatusCode, call.Size, call.RequestID)
	}
	// Output:
	// DescribeVolumes client 200 221 59dbff89-35bd-4eac-99ed-be587EXAMPLE
}

// Instrumenting every client built from an aws.Config, keeping the SDK's own
// HTTP settings (AWS_CA_BUNDLE, proxies, timeouts).
func ExampleInstrumentConfig() {
	srv := fakeEC2()
	defer srv.Close(context.Background())

	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))

	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-west-2"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "SECRET", "")))
	if err != nil {
		fmt.Println(err)
		return
	}
	otelhook.InstrumentConfig(&cfg, otelhook.WithTracerProvider(tp))

	client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	if _, err := client.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{}); err != nil {
		fmt.Println(err)
		return
	}
	// The attempt ends first, inside the call.
	for _, s := range spans.Ended() {
		call, _ := exporter.CallFromSpan(s)
		fmt.Println(s.Name(), call.Role, call.StatusCode, call.Attempt, call.Attempts)
	}
	// Output:
	// EC2.DescribeVolumes attempt 200 1 0
	// EC2.DescribeVolumes call 200 1 1
}
