package exporter

import (
	"time"

	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/internal/pyrun"

	"bufio"
	"context"
	"errors"
	"io"
	"io/fs"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/internal/fakeaws"
	"github.com/requesthook/requesthook/otelhook"
)

// The no-loss pipeline tests: 64 goroutines × 2,000 calls each through
// otelhook.Transport must leave exactly 128,000 lines.
const (
	pipelineGoroutines = 64
	pipelineCalls      = 2000
	pipelineTotal      = pipelineGoroutines * pipelineCalls
)

// ec2Body is the response of the test endpoint, an EC2 DescribeVolumes answer.
const ec2Body = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId><volumeSet/></DescribeVolumesResponse>`

// ec2Server returns a local endpoint answering every request like EC2's
// DescribeVolumes: 200, a request ID and a fixed XML body. It counts the
// requests but does not keep them: the tests make pipelineTotal of them.
func ec2Server(t *testing.T) *fakeaws.Server {
	srv := fakeaws.New(t, fakeaws.WithoutLog())
	srv.Respond(fakeaws.Any, fakeaws.Any, fakeaws.Response{
		Header: http.Header{"X-Amzn-Requestid": {"59dbff89-35bd-4eac-99ed-be587EXAMPLE"}},
		Body:   []byte(ec2Body),
	})
	return srv
}

// runCalls makes pipelineTotal DescribeVolumes calls (query protocol, the
// Action in the URL) to srv from pipelineGoroutines goroutines through an
// otelhook.Transport on tp. mid, when not nil, runs once, halfway through.
func runCalls(t *testing.T, srv *fakeaws.Server, tp trace.TracerProvider, mid func()) {
	t.Helper()
	base := &http.Transport{MaxIdleConnsPerHost: pipelineGoroutines, MaxIdleConns: pipelineGoroutines}
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: otelhook.NewTransport(base,
		otelhook.WithTracerProvider(tp), otelhook.WithPropagators(propagation.TraceContext{}))}
	url := srv.URL + "/?Action=DescribeVolumes&Version=2016-11-15"
	var wg sync.WaitGroup
	var midOnce sync.Once
	errs := make(chan error, pipelineGoroutines)
	for g := range pipelineGoroutines {
		wg.Go(func() {
			for i := range pipelineCalls {
				if g == 0 && i == pipelineCalls/2 && mid != nil {
					midOnce.Do(mid)
				}
				resp, err := client.Get(url)
				if err != nil {
					errs <- err
					return
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					errs <- errors.Join(err, errors.New(resp.Status))
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// countCallLines parses every line of the files and checks that each one is
// a DescribeVolumes call as the test endpoint answers it; it returns the
// number of lines.
func countCallLines(t *testing.T, paths ...string) int {
	t.Helper()
	n := 0
	wantSize := strconv.Itoa(len(ec2Body))
	for _, p := range paths {
		f, err := os.Open(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(f)
		for {
			line, err := r.ReadString('\n')
			if err == io.EOF && line == "" {
				break
			}
			if err != nil && err != io.EOF {
				t.Fatal(err)
			}
			rec, perr := botoline.Parse([]byte(line), time.UTC)
			if perr != nil || !strings.HasSuffix(line, "\n") {
				f.Close()
				t.Fatalf("%s line %d %q: %v", p, n+1, line, perr)
			}
			if rec.Status != 200 || strconv.FormatInt(rec.Size, 10) != wantSize || rec.Operation != "DescribeVolumes" {
				f.Close()
				t.Fatalf("%s line %d %q: want status 200, size %s, operation DescribeVolumes", p, n+1, line, wantSize)
			}
			n++
		}
		f.Close()
	}
	return n
}

// TestPipelineKeepsEveryCall: 128,000 calls, 128,000 lines.
func TestPipelineKeepsEveryCall(t *testing.T) {
	path := filepath.Join(t.TempDir(), "request_log.csv")
	e, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	// A tiny queue makes span End block all the time; the SDK's batch span
	// processor with the same sizes drops about two lines in three here.
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(NewProcessor(e, WithQueueSize(8), WithBatchSize(4))))
	runCalls(t, ec2Server(t), tp, nil)
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := countCallLines(t, path); got != pipelineTotal {
		t.Fatalf("%d lines for %d calls", got, pipelineTotal)
	}
	// And Python's csv module reads the same.
	out := pyrun.Run(t, `
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline=''), quotechar="'", skipinitialspace=True))
print(len(rows), sum(len(r) == 5 for r in rows), sum(r[4] == 'DescribeVolumes' for r in rows))
`, nil, path)
	want := strconv.Itoa(pipelineTotal)
	if got := strings.TrimSpace(string(out)); got != want+" "+want+" "+want {
		t.Errorf("Python csv read rows, 5-field rows, DescribeVolumes rows: %s; want %d each", got, pipelineTotal)
	}
}

// TestPipelineRotation: the same with size rotation in the middle and a
// logrotate-style rename and Reopen halfway through; the current file and
// its backups hold every line.
func TestPipelineRotation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "request_log.csv")
	lineLen := int64(len(`'2014-02-26 21:38:27', '200', '0.000123', '`+strconv.Itoa(len(ec2Body))+`', 'DescribeVolumes'`+"\n")) - 1
	limit := pipelineTotal * lineLen / 5 // about five rotations
	e, err := Open(path, WithMaxSize(limit), WithMaxBackups(20))
	if err != nil {
		t.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(NewProcessor(e)))
	runCalls(t, ec2Server(t), tp, func() {
		if err := os.Rename(path, path+".logrotate"); err != nil {
			t.Error(err)
		}
		if err := e.Reopen(); err != nil {
			t.Error(err)
		}
	})
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	paths := []string{path, path + ".logrotate"}
	rotated := 0
	for i := 1; i <= 20; i++ {
		p := path + "." + strconv.Itoa(i)
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		rotated++
		if fi.Size() > limit {
			t.Errorf("%s has %d bytes, more than %d", p, fi.Size(), limit)
		}
		paths = append(paths, p)
	}
	if rotated < 3 {
		t.Errorf("%d rotations, want several", rotated)
	}
	if got := countCallLines(t, paths...); got != pipelineTotal {
		t.Fatalf("%d lines in %d files for %d calls", got, len(paths), pipelineTotal)
	}
}

// TestPipelineSampled: the same with a 1% trace sampler wrapped in
// RecordCalls. Every call still gets its line, while the OTLP side (an
// in-memory exporter behind the SDK's batch processor) gets about 1%.
func TestPipelineSampled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "request_log.csv")
	e, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	otlp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSampler(RecordCalls(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(0.01)))),
		sdktrace.WithBatcher(otlp),
		sdktrace.WithSpanProcessor(NewProcessor(e)),
	)
	runCalls(t, ec2Server(t), tp, nil)
	// ForceFlush, not Shutdown: the in-memory exporter forgets its spans when
	// it is shut down.
	if err := tp.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer tp.Shutdown(context.Background())
	if got := countCallLines(t, path); got != pipelineTotal {
		t.Fatalf("%d lines for %d calls", got, pipelineTotal)
	}
	spans := otlp.GetSpans()
	// Binomial(128000, 0.01): mean 1280, standard deviation 35.6; allow 6σ.
	mean, sd := pipelineTotal*0.01, math.Sqrt(pipelineTotal*0.01*0.99)
	if n := float64(len(spans)); math.Abs(n-mean) > 6*sd {
		t.Errorf("the OTLP side got %d spans, want about %.0f", len(spans), mean)
	}
	for _, s := range spans {
		if !s.SpanContext.IsSampled() || s.SpanKind != trace.SpanKindClient || s.Name != "DescribeVolumes" {
			t.Fatalf("OTLP span %q kind %v sampled %v", s.Name, s.SpanKind, s.SpanContext.IsSampled())
		}
	}
	t.Logf("OTLP side: %d of %d calls", len(spans), pipelineTotal)
}
