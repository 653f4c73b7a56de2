package otelhook_test

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/requesthook/requesthook/internal/fakeaws"
	"github.com/requesthook/requesthook/otelhook"
)

// bodyTap is a RoundTripper in front of the Transport that keeps the bytes
// the layers below read from each request body: what the caller's body
// gave, to compare with what the server received.
type bodyTap struct {
	next   http.RoundTripper
	mu     sync.Mutex
	bodies []*lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.b.Bytes())
}

func (b *bodyTap) RoundTrip(r *http.Request) (*http.Response, error) {
	buf := new(lockedBuffer)
	b.mu.Lock()
	b.bodies = append(b.bodies, buf)
	b.mu.Unlock()
	if r.Body == nil || r.Body == http.NoBody {
		return b.next.RoundTrip(r)
	}
	cp := *r
	cp.Body = struct {
		io.Reader
		io.Closer
	}{io.TeeReader(r.Body, buf), r.Body}
	return b.next.RoundTrip(&cp)
}

// sameBodies checks that the server received, request by request, the
// bytes the callers' bodies gave.
func sameBodies(t *testing.T, tap *bodyTap, srv *fakeaws.Server) {
	t.Helper()
	got := srv.Requests()
	tap.mu.Lock()
	defer tap.mu.Unlock()
	if len(got) != len(tap.bodies) {
		t.Fatalf("the server got %d requests, the callers sent %d", len(got), len(tap.bodies))
	}
	for i, r := range got {
		if sent := tap.bodies[i].bytes(); !bytes.Equal(r.Body, sent) {
			t.Errorf("request %d (%s.%s): the server got %q, the caller sent %q", i, r.Service, r.Operation, r.Body, sent)
		}
	}
}

// tapped returns an SDK configuration whose plain http.Client sends through
// a Transport recording into a fresh recorder, behind a bodyTap.
func tapped(t *testing.T, opts ...otelhook.Option) (aws.Config, *bodyTap, func() []sdktrace.ReadOnlySpan) {
	t.Helper()
	tp, sr := recorder(t)
	tap := &bodyTap{next: otelhook.NewTransport(nil, append([]otelhook.Option{otelhook.WithTracerProvider(tp)}, opts...)...)}
	t.Setenv("AWS_CA_BUNDLE", "")
	cfg := awsConfig(t)
	cfg.HTTPClient = &http.Client{Transport: tap}
	return cfg, tap, sr.Ended
}

func TestTransportBodyAttributesSDK(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts []otelhook.Option
		want bool // the attributes from bodies are recorded
	}{
		{"default", nil, true},
		{"WithoutRequestBodies", []otelhook.Option{otelhook.WithoutRequestBodies()}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeaws.New(t)
			srv.Respond("DynamoDB", "BatchGetItem", fakeaws.Response{Body: []byte(`{"Responses":{},"UnprocessedKeys":{}}`)})
			cfg, tap, ended := tapped(t, tt.opts...)
			ctx := t.Context()
			queueURL := srv.URL + "/123456789012/orders"
			const topic = "arn:aws:sns:us-west-2:123456789012:alerts"

			sq := sqs.NewFromConfig(cfg, func(o *sqs.Options) { o.BaseEndpoint = aws.String(srv.URL) })
			if _, err := sq.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(queueURL), MessageBody: aws.String(`{"QueueUrl":"not this one"}`)}); err != nil {
				t.Fatal(err)
			}
			db := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(srv.URL) })
			if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("Music"), Item: map[string]ddbtypes.AttributeValue{
				"TableName": &ddbtypes.AttributeValueMemberS{Value: "not this one"},
			}}); err != nil {
				t.Fatal(err)
			}
			key := map[string]ddbtypes.AttributeValue{"Id": &ddbtypes.AttributeValueMemberS{Value: "1"}}
			if _, err := db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]ddbtypes.KeysAndAttributes{
				"Zebra": {Keys: []map[string]ddbtypes.AttributeValue{key}}, "Aardvark": {Keys: []map[string]ddbtypes.AttributeValue{key}},
			}}); err != nil {
				t.Fatal(err)
			}
			sn := sns.NewFromConfig(cfg, func(o *sns.Options) { o.BaseEndpoint = aws.String(srv.URL) })
			if _, err := sn.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("TopicArn=not this one")}); err != nil {
				t.Fatal(err)
			}

			spans := ended()
			want := []struct {
				name  string
				key   attribute.Key
				value []string
			}{
				{"SQS.SendMessage", semconv.AWSSQSQueueURLKey, []string{queueURL}},
				{"DynamoDB.PutItem", semconv.AWSDynamoDBTableNamesKey, []string{"Music"}},
				{"DynamoDB.BatchGetItem", semconv.AWSDynamoDBTableNamesKey, []string{"Aardvark", "Zebra"}},
				{"SNS.Publish", semconv.AWSSNSTopicARNKey, []string{topic}},
			}
			if len(spans) != len(want) {
				t.Fatalf("got %d spans, want %d", len(spans), len(want))
			}
			for i, w := range want {
				s := spans[i]
				if s.Name() != w.name {
					t.Errorf("span %d is %q, want %q", i, s.Name(), w.name)
					continue
				}
				v, ok := attrs(s)[w.key]
				switch {
				case !tt.want && ok:
					t.Errorf("%s: %s = %s with the bodies unread", w.name, w.key, v.Emit())
				case !tt.want:
				case !ok:
					t.Errorf("%s: %s missing, want %q", w.name, w.key, w.value)
				case v.Type() == attribute.STRINGSLICE && !slices.Equal(v.AsStringSlice(), w.value):
					t.Errorf("%s: %s = %q, want %q", w.name, w.key, v.AsStringSlice(), w.value)
				case v.Type() == attribute.STRING && v.AsString() != w.value[0]:
					t.Errorf("%s: %s = %q, want %q", w.name, w.key, v.AsString(), w.value[0])
				}
			}
			sameBodies(t, tap, srv)
		})
	}
}

// TestTransportBodyAttributesForm covers the older SQS query protocol, a
// form body of unknown length (a stream: never read), one too large, and
// the Expect: 100-continue handshake, which the Transport leaves to
// net/http.
func TestTransportBodyAttributesForm(t *testing.T) {
	const queue = "https://sqs.us-west-2.amazonaws.com/123456789012/orders"
	form := "Action=SendMessage&Version=2012-11-05&QueueUrl=" + strings.ReplaceAll(strings.ReplaceAll(queue, ":", "%3A"), "/", "%2F") + "&MessageBody=hi"
	tests := []struct {
		name   string
		body   string
		length int64
		header http.Header
		opts   []otelhook.Option
		want   string // aws.sqs.queue.url, "" for none
		span   string // the span name
	}{
		{"form", form, int64(len(form)), nil, nil, queue, "SQS.SendMessage"},
		{"unknown length", form, -1, nil, nil, "", "HTTP POST"},
		{"too large", form + "&Pad=" + strings.Repeat("x", 64<<10), int64(len(form) + 5 + 64<<10), nil, nil, "", "HTTP POST"},
		{"expect continue", form, int64(len(form)), http.Header{"Expect": {"100-continue"}}, nil, "", "HTTP POST"},
		// The Action is in the body only: unread, the request stays unnamed.
		{"WithoutRequestBodies", form, int64(len(form)), nil, []otelhook.Option{otelhook.WithoutRequestBodies()}, "", "HTTP POST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeaws.New(t)
			tap := &bodyTap{}
			tp, sr := recorder(t)
			tap.next = otelhook.NewTransport(nil, append([]otelhook.Option{otelhook.WithTracerProvider(tp)}, tt.opts...)...)
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", io.NopCloser(strings.NewReader(tt.body)))
			req.ContentLength = tt.length
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-west-2/sqs/aws4_request, SignedHeaders=host, Signature=0")
			for k, v := range tt.header {
				req.Header[k] = v
			}
			resp, err := (&http.Client{Transport: tap}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			s := onlySpan(t, sr)
			if s.Name() != tt.span {
				t.Errorf("span name = %q, want %q", s.Name(), tt.span)
			}
			if tt.want == "" {
				noAttr(t, s, semconv.AWSSQSQueueURLKey)
			} else {
				wantAttr(t, s, semconv.AWSSQSQueueURLKey, tt.want)
			}
			sameBodies(t, tap, srv)
		})
	}
}
