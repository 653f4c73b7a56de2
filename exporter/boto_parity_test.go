package exporter_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/otelhook"
)

// botoEndpoint answers the EC2 calls of TestBotoParity: DescribeVolumes
// (a 400 InvalidVolume.NotFound when it names a volume), a
// DescribeAvailabilityZones throttled once with a 503 RequestLimitExceeded,
// and a DescribeRegions that always gets a 503. Every answer has a
// Content-Length, which boto's RequestLogger logs.
type botoEndpoint struct {
	mu    sync.Mutex
	zones int
}

func (e *botoEndpoint) reset() {
	e.mu.Lock()
	e.zones = 0
	e.mu.Unlock()
}

func (e *botoEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	const errXML = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>req</RequestID></Response>`
	status, body := http.StatusOK, ""
	switch r.Form.Get("Action") {
	case "DescribeVolumes":
		if v := r.Form.Get("VolumeId.1"); v != "" {
			status, body = http.StatusBadRequest, fmt.Sprintf(errXML, "InvalidVolume.NotFound", "The volume '"+v+"' does not exist.")
		} else {
			body = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req</requestId><volumeSet><item><volumeId>vol-1</volumeId><size>8</size><status>in-use</status></item></volumeSet></DescribeVolumesResponse>`
		}
	case "DescribeAvailabilityZones":
		e.mu.Lock()
		e.zones++
		first := e.zones == 1
		e.mu.Unlock()
		if first {
			status, body = http.StatusServiceUnavailable, fmt.Sprintf(errXML, "RequestLimitExceeded", "Request limit exceeded.")
		} else {
			body = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeAvailabilityZonesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req</requestId><availabilityZoneInfo><item><zoneName>us-west-2a</zoneName><zoneState>available</zoneState><regionName>us-west-2</regionName></item></availabilityZoneInfo></DescribeAvailabilityZonesResponse>`
		}
	case "DescribeRegions":
		status, body = http.StatusServiceUnavailable, fmt.Sprintf(errXML, "Unavailable", "The server is overloaded.")
	default:
		status, body = http.StatusBadRequest, fmt.Sprintf(errXML, "InvalidAction", "unexpected action")
	}
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// TestBotoParity makes the same EC2 calls with boto 2 (Debian's
// python3-boto, its own RequestLogger) and with aws-sdk-go-v2 through
// InstrumentConfig and the Exporter against one local endpoint, and checks
// that the two logs agree line for line on status, size and operation: one
// line per call, a retried 503 logged as the call's final 200, a 400 with
// its size, and a call that stays 503 until both give up logged as 503 with
// size 0 (boto's error=True). It is skipped when python3-boto is missing,
// except under CI=true.
func TestBotoParity(t *testing.T) {
	const script = "testdata/boto_calls.py"
	if _, err := os.Stat("/usr/lib/python3/dist-packages/boto/requestlog.py"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3-boto is not installed (apt-get install -y python3-boto)")
		}
		t.Skip("python3-boto is not installed (apt-get install -y python3-boto)")
	}
	ep := &botoEndpoint{}
	srv := httptest.NewServer(ep)
	defer srv.Close()
	dir := t.TempDir()

	// boto 2.
	botoLog := filepath.Join(dir, "boto.csv")
	cmd := exec.CommandContext(t.Context(), "/usr/bin/python3", script, strconv.Itoa(srv.Listener.Addr().(*net.TCPAddr).Port), botoLog)
	cmd.Env = append(os.Environ(), "BOTO_CONFIG=/dev/null", "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("boto: %v\n%s", err, out)
	}

	// aws-sdk-go-v2 with the call model.
	ep.reset()
	var ours bytes.Buffer
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSampler(exporter.RecordCalls(sdktrace.NeverSample())),
		sdktrace.WithSpanProcessor(exporter.NewProcessor(exporter.New(&ours))))
	defer tp.Shutdown(t.Context())
	cfg, err := config.LoadDefaultConfig(t.Context(), config.WithRegion("us-west-2"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")),
		config.WithSharedConfigFiles([]string{}), config.WithSharedCredentialsFiles([]string{}),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			})
		}))
	if err != nil {
		t.Fatal(err)
	}
	otelhook.InstrumentConfig(&cfg, otelhook.WithTracerProvider(tp))
	client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	ctx := t.Context()
	if _, err := client.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{VolumeIds: []string{"vol-0badc0ffee0000000"}}); err == nil {
		t.Fatal("DescribeVolumes of a missing volume succeeded")
	}
	if _, err := client.DescribeRegions(ctx, &ec2.DescribeRegionsInput{}); err == nil {
		t.Fatal("DescribeRegions succeeded")
	}
	if err := tp.ForceFlush(ctx); err != nil {
		t.Fatal(err)
	}

	boto, err := os.ReadFile(botoLog)
	if err != nil {
		t.Fatal(err)
	}
	want, got := records(t, "boto", boto), records(t, "ours", ours.Bytes())
	t.Logf("boto:\n%s\nours:\n%s", boto, ours.Bytes())
	if len(want) != 4 || len(got) != len(want) {
		t.Fatalf("boto wrote %d lines, ours %d; want 4 each", len(want), len(got))
	}
	for i := range want {
		w, g := want[i], got[i]
		if g.Status != w.Status || g.Operation != w.Operation || (w.Size >= 0 && g.Size != w.Size) || (w.Size < 0 && g.Size < 0) {
			t.Errorf("line %d: ours %d %d %q, boto %d %d %q", i+1, g.Status, g.Size, g.Operation, w.Status, w.Size, w.Operation)
		}
	}
}

// records parses a request log.
func records(t *testing.T, name string, b []byte) []botoline.Record {
	t.Helper()
	var rs []botoline.Record
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		r, err := botoline.Parse(sc.Bytes(), time.Local)
		if err != nil {
			t.Fatalf("%s: %q: %v", name, sc.Text(), err)
		}
		rs = append(rs, r)
	}
	if err := sc.Err(); err != nil && !errors.Is(err, io.EOF) {
		t.Fatal(err)
	}
	return rs
}
