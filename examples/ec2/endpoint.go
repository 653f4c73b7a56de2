package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/xml"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// endpoint is the embedded EC2-compatible endpoint the example talks to by
// default. It speaks EC2's query protocol the way the real service does: form
// bodies with Action=..., XML responses in the 2016-11-15 namespace, the
// request ID both in the x-amzn-RequestId header and in the body, and EC2's
// error document <Response><Errors><Error>... with the matching status code.
//
// It knows two volumes and one instance. Every other DescribeAvailabilityZones
// request is throttled (503 RequestLimitExceeded), so the SDK retries the
// call once, and DescribeVolumes for an unknown volume fails with
// InvalidVolume.NotFound, as EC2 does. Requests without a SigV4 Authorization
// header are refused with AuthFailure. It is safe for concurrent use.
type endpoint struct {
	URL string // base URL, http://127.0.0.1:port

	srv       *http.Server
	served    chan error
	requests  atomic.Int64 // requests answered
	azQueries atomic.Int64 // DescribeAvailabilityZones requests seen
}

// startEndpoint listens on a free loopback port and serves in the background
// until Close.
func startEndpoint() (*endpoint, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("embedded EC2 endpoint: %w", err)
	}
	e := &endpoint{URL: "http://" + ln.Addr().String(), served: make(chan error, 1)}
	e.srv = &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second}
	go func() { e.served <- e.srv.Serve(ln) }()
	return e, nil
}

// Close stops the endpoint, waiting for requests in flight until ctx ends.
func (e *endpoint) Close(ctx context.Context) error {
	err := e.srv.Shutdown(ctx)
	if serr := <-e.served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}

// Requests reports how many requests the endpoint has answered.
func (e *endpoint) Requests() int64 { return e.requests.Load() }

// maxRequestBody caps what the endpoint reads of a request body.
const maxRequestBody = 1 << 20

// ServeHTTP answers one EC2 query-protocol request.
func (e *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.requests.Add(1)
	id := newRequestID()
	h := w.Header()
	h.Set("x-amzn-RequestId", id)
	h.Set("Server", "AmazonEC2")
	h.Set("Cache-Control", "no-cache, no-store")

	if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		writeError(w, http.StatusUnauthorized, id, "AuthFailure",
			"AWS was not able to validate the provided access credentials")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, id, "MalformedQueryString", "The request could not be parsed.")
		return
	}
	switch action := r.Form.Get("Action"); action {
	case "DescribeVolumes":
		e.describeVolumes(w, r, id)
	case "DescribeInstances":
		e.describeInstances(w, id)
	case "DescribeAvailabilityZones":
		e.describeAvailabilityZones(w, id)
	case "":
		writeError(w, http.StatusBadRequest, id, "MissingAction", "The request must contain the parameter Action.")
	default:
		writeError(w, http.StatusBadRequest, id, "InvalidAction",
			"The action "+action+" is not valid for this web service.")
	}
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

func (e *endpoint) describeVolumes(w http.ResponseWriter, r *http.Request, id string) {
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
			writeError(w, http.StatusBadRequest, id, "InvalidVolume.NotFound",
				"The volume '"+v+"' does not exist.")
			return
		}
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">` + "\n")
	fmt.Fprintf(&b, "    <requestId>%s</requestId>\n    <volumeSet>\n", id)
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
	writeXML(w, b.Bytes())
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
func (e *endpoint) describeInstances(w http.ResponseWriter, id string) {
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, `%s<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>%s</requestId>
    <reservationSet>
        <item>
            <reservationId>r-1234567890abcdef0</reservationId>
            <ownerId>123456789012</ownerId>
            <groupSet/>
            <instancesSet>
`, xml.Header, id)
	if f, ok := w.(http.Flusher); ok {
		f.Flush() // the headers go out now: the body is chunked
	}
	fmt.Fprint(w, `                <item>
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
`)
}

// describeAvailabilityZones throttles every other request, so each call from
// the SDK is throttled once and succeeds on its retry.
func (e *endpoint) describeAvailabilityZones(w http.ResponseWriter, id string) {
	if e.azQueries.Add(1)%2 == 1 {
		writeError(w, http.StatusServiceUnavailable, id, "RequestLimitExceeded", "Request limit exceeded.")
		return
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<DescribeAvailabilityZonesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">` + "\n")
	fmt.Fprintf(&b, "    <requestId>%s</requestId>\n    <availabilityZoneInfo>\n", id)
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
	writeXML(w, b.Bytes())
}

// writeXML sends a 200 response with a Content-Length.
func writeXML(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body) //nolint:errcheck // the client went away; nothing to do
}

// writeError sends EC2's error document.
func writeError(w http.ResponseWriter, status int, id, code, msg string) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<Response><Errors><Error><Code>")
	xml.EscapeText(&b, []byte(code)) //nolint:errcheck // bytes.Buffer does not fail
	b.WriteString("</Code><Message>")
	xml.EscapeText(&b, []byte(msg)) //nolint:errcheck
	b.WriteString("</Message></Error></Errors><RequestID>")
	b.WriteString(id)
	b.WriteString("</RequestID></Response>\n")
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	w.Write(b.Bytes()) //nolint:errcheck
}

// newRequestID returns a random request ID shaped like EC2's (a UUID).
func newRequestID() string {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}
