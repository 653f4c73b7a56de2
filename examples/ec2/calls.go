package main

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

// missingVolume is a volume ID that does not exist, for the call that fails.
const missingVolume = "vol-0badc0ffee0000000"

// result is one SDK call as the SDK returned it.
type result struct {
	call     string // "DescribeVolumes"
	detail   string // what came back, or the error
	expected bool   // the call was meant to fail this way
	err      error  // nil on success
}

// callEC2 makes the example's calls under one root span, so that they form
// one trace, and returns what the SDK returned and the trace ID.
func callEC2(ctx context.Context, client *ec2.Client) ([]result, trace.TraceID) {
	ctx, span := otel.Tracer("github.com/requesthook/requesthook/examples/ec2").Start(ctx, "ec2-example")
	defer span.End()
	var rs []result

	vols, err := client.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{})
	rs = append(rs, newResult("DescribeVolumes", err, func() string {
		return plural(len(vols.Volumes), "volume")
	}))

	insts, err := client.DescribeInstances(ctx, &ec2.DescribeInstancesInput{})
	rs = append(rs, newResult("DescribeInstances", err, func() string {
		n := 0
		for _, r := range insts.Reservations {
			n += len(r.Instances)
		}
		return plural(n, "instance")
	}))

	// The embedded endpoint throttles this call once (503 RequestLimitExceeded);
	// the SDK's retryer tries again and the call succeeds.
	azs, err := client.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{})
	rs = append(rs, newResult("DescribeAvailabilityZones", err, func() string {
		return plural(len(azs.AvailabilityZones), "availability zone")
	}))

	// EC2 answers 400 InvalidVolume.NotFound, here and in a real account.
	_, err = client.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{VolumeIds: []string{missingVolume}})
	r := newResult("DescribeVolumes "+missingVolume, err, func() string { return "found?" })
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "InvalidVolume.NotFound" {
		r.expected = true
	} else if err == nil {
		r.err = errors.New("the volume that should not exist was found")
		r.detail = r.err.Error()
	}
	rs = append(rs, r)

	return rs, span.SpanContext().TraceID()
}

// newResult describes one call: ok() when err is nil, the API error, or the
// reason no response came (the innermost error, "connection refused"),
// otherwise.
func newResult(call string, err error, ok func() string) result {
	if err == nil {
		return result{call: call, detail: ok()}
	}
	r := result{call: call, err: err, detail: err.Error()}
	var ae smithy.APIError
	var ne net.Error
	switch {
	case errors.As(err, &ae):
		r.detail = ae.ErrorCode() + ": " + ae.ErrorMessage()
	case errors.As(err, &ne):
		r.detail = "no response: " + lastPart(err.Error())
	}
	return r
}

// unexpected returns an error naming the calls that failed unexpectedly.
func unexpected(rs []result) error {
	var errs []error
	for _, r := range rs {
		if r.err != nil && !r.expected {
			errs = append(errs, fmt.Errorf("%s: %w", r.call, r.err))
		}
	}
	return errors.Join(errs...)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
