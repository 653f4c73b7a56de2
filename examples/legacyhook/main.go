package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/internal/fakeaws"
	"github.com/requesthook/requesthook/otelhook"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "legacyhook:", err)
		os.Exit(1)
	}
}

// run attaches a RequestLogger writing to stdout and makes one EC2 call.
func run(ctx context.Context, stdout io.Writer) error {
	srv, err := fakeaws.Start()
	if err != nil {
		return err
	}
	defer srv.Close(context.WithoutCancel(ctx))
	srv.Respond("EC2", "DescribeVolumes", fakeaws.Response{
		Header: http.Header{"X-Amzn-Requestid": {volumesRequestID}},
		Body:   []byte(describeVolumesXML),
	})

	// boto: conn.set_request_hook(RequestLogger())
	logger := NewRequestLogger(stdout)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exporter.NewHookProcessor(logger)))

	// boto: conn = ec2.connect_to_region('us-east-1')
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(
			"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")),
	)
	if err != nil {
		return err
	}
	otelhook.InstrumentConfig(&cfg, otelhook.WithTracerProvider(tp))
	conn := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })

	// boto: conn.get_all_volumes()
	out, err := conn.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{})
	if err != nil {
		return err
	}

	// Ending the provider ends the hooks' input; Close drains the queue.
	if err := tp.Shutdown(ctx); err != nil {
		return err
	}
	if err := logger.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "legacyhook: DescribeVolumes returned %d volume(s); the line above is the RequestLogger's\n", len(out.Volumes))
	return nil
}

// volumesRequestID is the request ID of the DescribeVolumes answer.
const volumesRequestID = "6e8c8b27-4b1e-4f5a-a1a3-9d0b3c1f2e47"

// describeVolumesXML is EC2's answer to DescribeVolumes, for one volume.
const describeVolumesXML = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>` + volumesRequestID + `</requestId>
    <volumeSet>
        <item>
            <volumeId>vol-049df61146c4d7901</volumeId>
            <size>8</size>
            <availabilityZone>us-east-1a</availabilityZone>
            <status>available</status>
            <volumeType>gp3</volumeType>
        </item>
    </volumeSet>
</DescribeVolumesResponse>
`
