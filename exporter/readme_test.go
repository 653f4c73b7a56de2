package exporter_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/requesthook/requesthook/internal/fakeaws"
)

// describeVolumesXML is EC2's answer to DescribeVolumes.
const describeVolumesXML = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId><volumeSet><item><volumeId>vol-1234567890abcdef0</volumeId><size>8</size></item></volumeSet></DescribeVolumesResponse>`

// TestReadmeCode runs the README code (describeVolumes, see Example_otlp)
// against a local EC2 endpoint and a local OTLP/HTTP collector, configured
// through the standard environment variables only: the call reaches EC2, its
// span reaches the collector and its line reaches request_log.csv.
func TestReadmeCode(t *testing.T) {
	ec2Srv := fakeaws.New(t)
	ec2Srv.Respond("EC2", "DescribeVolumes", fakeaws.Response{
		Header: http.Header{"X-Amzn-Requestid": {"59dbff89-35bd-4eac-99ed-be587EXAMPLE"}},
		Body:   []byte(describeVolumesXML),
	})

	var mu sync.Mutex
	var spanNames []string
	otlpSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		var req coltracepb.ExportTraceServiceRequest
		if err == nil {
			err = proto.Unmarshal(body, &req)
		}
		if err != nil || r.URL.Path != "/v1/traces" {
			http.Error(w, "bad export", http.StatusBadRequest)
			return
		}
		mu.Lock()
		for _, rs := range req.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				for _, s := range ss.Spans {
					spanNames = append(spanNames, s.Name)
				}
			}
		}
		mu.Unlock()
		resp, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.Write(resp)
	}))
	defer otlpSrv.Close()

	dir := t.TempDir()
	for k, v := range map[string]string{
		"OTEL_TRACES_EXPORTER":        "otlp",
		"OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
		"OTEL_EXPORTER_OTLP_ENDPOINT": otlpSrv.URL,
		"OTEL_TRACES_SAMPLER":         "",
		"AWS_ENDPOINT_URL_EC2":        ec2Srv.URL,
		"AWS_REGION":                  "us-west-2",
		"AWS_ACCESS_KEY_ID":           "AKIDEXAMPLE",
		"AWS_SECRET_ACCESS_KEY":       "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"AWS_SESSION_TOKEN":           "",
		"AWS_PROFILE":                 "",
		"AWS_CONFIG_FILE":             filepath.Join(dir, "aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "aws-credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
	} {
		t.Setenv(k, v)
	}
	t.Chdir(dir)

	out, err := describeVolumes(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Volumes) != 1 {
		t.Errorf("%d volumes, want 1", len(out.Volumes))
	}
	if got := ec2Srv.Requests(); len(got) != 1 || got[0].Operation != "DescribeVolumes" {
		t.Errorf("EC2 got %d requests (%+v), want one DescribeVolumes", len(got), got)
	}
	mu.Lock()
	names := strings.Join(spanNames, ",")
	mu.Unlock()
	// The call span and its one attempt; the log gets one line, the call's.
	if names != "EC2.DescribeVolumes,EC2.DescribeVolumes" {
		t.Errorf("the collector got spans %q, want the EC2.DescribeVolumes call and its attempt", names)
	}
	log, err := os.ReadFile(filepath.Join(dir, "request_log.csv"))
	if err != nil {
		t.Fatal(err)
	}
	line := string(log)
	suffix := "', '200', "
	if strings.Count(line, "\n") != 1 || !strings.Contains(line, suffix) ||
		!strings.HasSuffix(line, "', '"+strconv.Itoa(len(describeVolumesXML))+"', 'DescribeVolumes'\n") {
		t.Errorf("request_log.csv = %q, want one DescribeVolumes line", line)
	}
}
