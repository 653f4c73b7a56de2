package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"sync/atomic"

	"github.com/requesthook/requesthook/internal/fakeaws"
)

// startEndpoint starts the embedded EC2-compatible endpoint the example
// talks to by default, on a free loopback port, serving in the background
// until its Close. It is a fakeaws.Server, which speaks EC2's query protocol
// the way the real service does: form bodies with Action=..., XML responses
// in the 2016-11-15 namespace, the request ID both in the x-amzn-RequestId
// header and in the body, and EC2's error document
// <Response><Errors><Error>... with the matching status code. Requests
// without a SigV4 Authorization header are refused with AuthFailure.
// configureEndpoint gives it the example's data.
func startEndpoint() (*fakeaws.Server, error) {
	ep, err := fakeaws.Start(fakeaws.RequireSigV4())
	if err != nil {
		return nil, fmt.Errorf("embedded EC2 endpoint: %w", err)
	}
	configureEndpoint(ep)
	return ep, nil
}

// configureEndpoint makes ep the example's EC2: it knows two volumes and
// one instance. Every other DescribeAvailabilityZones request is throttled
// (503 RequestLimitExceeded), so the SDK retries the call once, and
// DescribeVolumes for an unknown volume fails with InvalidVolume.NotFound,
// as EC2 does. Every other action is InvalidAction.
func configureEndpoint(ep *fakeaws.Server) {
	ep.Handle("EC2", fakeaws.Any, func(r *fakeaws.Request) (*fakeaws.Response, error) {
		return nil, &fakeaws.Error{Code: "InvalidAction", Message: "The action " + r.Operation + " is not valid for this web service."}
	})
	ep.Handle("EC2", "DescribeVolumes", describeVolumes)
	ep.Handle("EC2", "DescribeInstances", describeInstances)
	var azQueries atomic.Int64
	ep.Handle("EC2", "DescribeAvailabilityZones", func(r *fakeaws.Request) (*fakeaws.Response, error) {
		// Each call from the SDK is throttled once and succeeds on its retry.
		if azQueries.Add(1)%2 == 1 {
			return nil, &fakeaws.Error{Status: http.StatusServiceUnavailable, Code: "RequestLimitExceeded", Message: "Request limit exceeded."}
		}
		return describeAvailabilityZones(r)
	})
}

// volume is one volume the endpoint knows.
type volume struct {
	ID, Instance, Device string
	SizeGiB              int
}

var volumes = []volume{
	{ID: "vol-049df61146c4d7901", Instance: "i-1234567890abcdef0", Device: "/dev/xvda", SizeGiB: 8},
	{ID: "vol-0a1b2c3d4e5f67890", Instance: "i-1234567890abcdef0", Device: "/dev/sdf", SizeGiB: 100},
}

func describeVolumes(r *fakeaws.Request) (*fakeaws.Response, error) {
	// The query protocol sends VolumeIds as VolumeId.1, VolumeId.2, ...
	want := map[string]bool{}
	for i := 1; ; i++ {
		v := r.Form.Get(fmt.Sprintf("VolumeId.%d", i))
		if v == "" {
			break
		}
		want[v] = true
	}
	for v := range want {
		if !knownVolume(v) {
			return nil, &fakeaws.Error{Code: "InvalidVolume.NotFound", Message: "The volume '" + v + "' does not exist."}
		}
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">` + "\n")
	fmt.Fprintf(&b, "    <requestId>%s</requestId>\n    <volumeSet>\n", r.RequestID)
	for _, v := range volumes {
		if len(want) > 0 && !want[v.ID] {
			continue
		}
		fmt.Fprintf(&b, `        <item>
            <volumeId>%[1]s</volumeId>
            <size>%[4]d</size>
            <snapshotId/>
            <availabilityZone>us-east-1a</availabilityZone>
            <status>in-use</status>
            <createTime>2024-05-02T09:41:12.517Z</createTime>
            <attachmentSet>
                <item>
                    <volumeId>%[1]s</volumeId>
                    <instanceId>%[2]s</instanceId>
                    <device>%[3]s</device>
                    <status>attached</status>
                    <attachTime>2024-05-02T09:41:12.000Z</attachTime>
                    <deleteOnTermination>true</deleteOnTermination>
                </item>
            </attachmentSet>
            <volumeType>gp3</volumeType>
            <iops>3000</iops>
            <throughput>125</throughput>
            <encrypted>false</encrypted>
            <multiAttachEnabled>false</multiAttachEnabled>
        </item>
`, v.ID, v.Instance, v.Device, v.SizeGiB)
	}
	b.WriteString("    </volumeSet>\n</DescribeVolumesResponse>\n")
	return &fakeaws.Response{Body: b.Bytes()}, nil
}

func knownVolume(id string) bool {
	for _, v := range volumes {
		if v.ID == id {
			return true
		}
	}
	return false
}

// describeInstances answers with a chunked body (no Content-Length), as EC2
// does for larger responses, so the size comes from the bytes read.
func describeInstances(r *fakeaws.Request) (*fakeaws.Response, error) {
	body := fmt.Sprintf(`%s<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>%s</requestId>
    <reservationSet>
        <item>
            <reservationId>r-1234567890abcdef0</reservationId>
            <ownerId>123456789012</ownerId>
            <groupSet/>
            <instancesSet>
                <item>
                    <instanceId>i-1234567890abcdef0</instanceId>
                    <imageId>ami-0abcdef1234567890</imageId>
                    <instanceState>
                        <code>16</code>
                        <name>running</name>
                    </instanceState>
                    <privateDnsName>ip-10-0-0-157.ec2.internal</privateDnsName>
                    <instanceType>t3.micro</instanceType>
                    <launchTime>2024-05-02T09:41:10.000Z</launchTime>
                    <placement>
                        <availabilityZone>us-east-1a</availabilityZone>
                        <tenancy>default</tenancy>
                    </placement>
                    <privateIpAddress>10.0.0.157</privateIpAddress>
                    <architecture>x86_64</architecture>
                    <rootDeviceType>ebs</rootDeviceType>
                    <rootDeviceName>/dev/xvda</rootDeviceName>
                    <tagSet>
                        <item>
                            <key>Name</key>
                            <value>requesthook-demo</value>
                        </item>
                    </tagSet>
                </item>
            </instancesSet>
        </item>
    </reservationSet>
</DescribeInstancesResponse>
`, xml.Header, r.RequestID)
	return &fakeaws.Response{Body: []byte(body), Chunked: true}, nil
}

func describeAvailabilityZones(r *fakeaws.Request) (*fakeaws.Response, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<DescribeAvailabilityZonesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">` + "\n")
	fmt.Fprintf(&b, "    <requestId>%s</requestId>\n    <availabilityZoneInfo>\n", r.RequestID)
	for i, z := range []string{"a", "b", "c"} {
		fmt.Fprintf(&b, `        <item>
            <zoneName>us-east-1%s</zoneName>
            <zoneId>use1-az%d</zoneId>
            <zoneState>available</zoneState>
            <regionName>us-east-1</regionName>
            <groupName>us-east-1</groupName>
            <networkBorderGroup>us-east-1</networkBorderGroup>
            <optInStatus>opt-in-not-required</optInStatus>
            <zoneType>availability-zone</zoneType>
            <messageSet/>
        </item>
`, z, i+1)
	}
	b.WriteString("    </availabilityZoneInfo>\n</DescribeAvailabilityZonesResponse>\n")
	return &fakeaws.Response{Body: b.Bytes()}, nil
}
