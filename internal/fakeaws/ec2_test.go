package fakeaws_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/requesthook/requesthook/internal/fakeaws"
)

func ec2Client(t *testing.T, srv *fakeaws.Server) *ec2.Client {
	return ec2.NewFromConfig(sdkConfig(t), func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
}

func TestEC2(t *testing.T) {
	srv := fakeaws.New(t, fakeaws.RequireSigV4())
	c := ec2Client(t, srv)
	srv.Handle("EC2", "DescribeInstances", func(r *fakeaws.Request) (*fakeaws.Response, error) {
		return &fakeaws.Response{Chunked: true, Body: fakeaws.EC2Body(r,
			`<reservationSet><item><reservationId>r-1</reservationId><instancesSet><item><instanceId>i-1</instanceId></item></instancesSet></item></reservationSet>`)}, nil
	})
	srv.Respond("EC2", "DescribeRegions", fakeaws.Response{Body: []byte(`<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>canned</requestId><regionInfo><item><regionName>us-east-1</regionName></item></regionInfo></DescribeRegionsResponse>`)})
	srv.FailAlways("EC2", "DescribeVolumes", fakeaws.Error{Code: "InvalidVolume.NotFound", Message: "The volume 'vol-1' does not exist."})

	t.Run("default", func(t *testing.T) {
		out, err := c.DescribeAvailabilityZones(t.Context(), &ec2.DescribeAvailabilityZonesInput{})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.AvailabilityZones) != 0 {
			t.Errorf("AvailabilityZones = %v, want none", out.AvailabilityZones)
		}
	})
	t.Run("handler, chunked", func(t *testing.T) {
		out, err := c.DescribeInstances(t.Context(), &ec2.DescribeInstancesInput{})
		if err != nil {
			t.Fatal(err)
		}
		if got := aws.ToString(out.Reservations[0].Instances[0].InstanceId); got != "i-1" {
			t.Errorf("InstanceId = %q, want i-1", got)
		}
	})
	t.Run("canned", func(t *testing.T) {
		out, err := c.DescribeRegions(t.Context(), &ec2.DescribeRegionsInput{})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Regions) != 1 || aws.ToString(out.Regions[0].RegionName) != "us-east-1" {
			t.Errorf("Regions = %+v, want us-east-1", out.Regions)
		}
	})
	t.Run("error", func(t *testing.T) {
		_, err := c.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{VolumeIds: []string{"vol-1"}})
		wantAPIError(t, err, "InvalidVolume.NotFound", "The volume 'vol-1' does not exist.")
		last := srv.Requests()[srv.Total()-1]
		if last.Status != http.StatusBadRequest || last.Form.Get("VolumeId.1") != "vol-1" {
			t.Errorf("recorded status %d, form %v; want 400 and VolumeId.1=vol-1", last.Status, last.Form)
		}
	})
	t.Run("unknown action", func(t *testing.T) {
		_, err := c.RunInstances(t.Context(), &ec2.RunInstancesInput{ImageId: aws.String("ami-1"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1)})
		wantAPIError(t, err, "InvalidAction", "The action RunInstances is not valid for this web service.")
	})
	t.Run("unsigned", func(t *testing.T) {
		resp, err := http.Post(srv.URL, "application/x-www-form-urlencoded", strings.NewReader("Action=DescribeRegions&Version=2016-11-15"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", resp.StatusCode)
		}
	})
}

// TestEC2Throttling: a throttled request is retried by the SDK, and a call
// failing always exhausts its attempts.
func TestEC2Throttling(t *testing.T) {
	throttle := fakeaws.Error{Status: http.StatusServiceUnavailable, Code: "RequestLimitExceeded", Message: "Request limit exceeded."}
	t.Run("FailNext", func(t *testing.T) {
		srv := fakeaws.New(t)
		srv.FailNext("EC2", "DescribeVolumes", 2, throttle)
		if _, err := ec2Client(t, srv).DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err != nil {
			t.Fatalf("DescribeVolumes after two throttles: %v", err)
		}
		var got []int
		for _, r := range srv.Requests() {
			got = append(got, r.Status)
		}
		if want := []int{503, 503, 200}; !slices.Equal(got, want) {
			t.Errorf("statuses %v, want %v", got, want)
		}
	})
	t.Run("FailAlways", func(t *testing.T) {
		srv := fakeaws.New(t)
		srv.FailAlways("EC2", fakeaws.Any, throttle)
		_, err := ec2Client(t, srv).DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{})
		var maxErr *retry.MaxAttemptsError
		if !errors.As(err, &maxErr) {
			t.Errorf("err = %v, want a retry.MaxAttemptsError", err)
		}
		wantAPIError(t, err, "RequestLimitExceeded", "Request limit exceeded.")
		if got := srv.Count("EC2", "DescribeVolumes"); got != maxAttempts {
			t.Errorf("Count = %d, want %d attempts", got, maxAttempts)
		}
		srv.Reset("EC2", fakeaws.Any)
		if _, err := ec2Client(t, srv).DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err != nil {
			t.Errorf("after Reset: %v", err)
		}
	})
}
