package otelhook_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// answerRT answers every request with one canned response.
type answerRT struct {
	status int
	header http.Header
	body   func() io.ReadCloser
	length int64
}

func (a answerRT) RoundTrip(r *http.Request) (*http.Response, error) {
	h := a.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	return &http.Response{StatusCode: a.status, Header: h, Body: a.body(), ContentLength: a.length, Request: r}, nil
}

// failingBody yields its bytes, then err.
type failingBody struct {
	r   io.Reader
	err error
}

func (b *failingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		return n, b.err
	}
	return n, err
}

func (b *failingBody) Close() error { return nil }

var errBodyBroke = errors.New("connection reset mid-body")

func TestTransportErrorCode(t *testing.T) {
	const s3Err = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>R</RequestId></Error>`
	const ddbErr = `{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}`
	big := "<Error><Code>TooBig</Code><Message>" + strings.Repeat("x", 70<<10) + "</Message></Error>"
	known := func(s string) answerRT {
		return answerRT{status: 404, body: func() io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }, length: int64(len(s))}
	}
	tests := []struct {
		name    string
		rt      answerRT
		read    int // bytes to read before closing; -1 reads to EOF
		want    string
		wantErr error
	}{
		{"S3 error document", known(s3Err), -1, "NoSuchKey", nil},
		{"JSON __type", answerRT{status: 400, body: func() io.ReadCloser { return io.NopCloser(strings.NewReader(ddbErr)) }, length: int64(len(ddbErr))}, -1, "ResourceNotFoundException", nil},
		{"x-amzn-ErrorType header, unknown length", answerRT{status: 400,
			header: http.Header{"X-Amzn-Errortype": {"ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.service/"}},
			body:   func() io.ReadCloser { return io.NopCloser(strings.NewReader(`{"message":"Rate exceeded"}`)) }, length: -1}, -1, "ThrottlingException", nil},
		{"closed after the code", known(s3Err), 80, "NoSuchKey", nil},
		{"closed unread", known(s3Err), 0, "404", nil},
		{"unknown length", answerRT{status: 404, body: func() io.ReadCloser { return io.NopCloser(strings.NewReader(s3Err)) }, length: -1}, -1, "404", nil},
		{"larger than 64 KiB", known(big), -1, "404", nil},
		{"not an AWS error", known("<html><body>Not Found</body></html>"), -1, "404", nil},
		{"read error", answerRT{status: 503, body: func() io.ReadCloser {
			return &failingBody{r: strings.NewReader(s3Err[:80]), err: errBodyBroke}
		}, length: int64(len(s3Err))}, -1, "NoSuchKey", errBodyBroke},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, sr := client(t, tt.rt)
			resp, err := c.Get("https://bucket.s3.us-west-2.amazonaws.com/k")
			if err != nil {
				t.Fatal(err)
			}
			// What the caller reads is what the server sent, errors included.
			want, wantErr := io.ReadAll(tt.rt.body())
			var got []byte
			if tt.read < 0 {
				got, err = io.ReadAll(resp.Body)
			} else {
				got = make([]byte, tt.read)
				_, err = io.ReadFull(resp.Body, got)
				want = want[:tt.read]
			}
			if !bytes.Equal(got, want) {
				t.Errorf("body = %q, want %q", got, want)
			}
			if tt.read < 0 && !errors.Is(err, wantErr) {
				t.Errorf("read error = %v, want %v", err, wantErr)
			}
			resp.Body.Close()
			s := onlySpan(t, sr)
			wantAttr(t, s, semconv.ErrorTypeKey, tt.want)
			wantAttr(t, s, semconv.HTTPResponseStatusCodeKey, strconv.Itoa(tt.rt.status))
		})
	}
}

// TestTransportSuccessBodyUntouched checks that a 2xx response reaches the
// caller with the body the base returned: no wrapper below otelhttp.
func TestTransportSuccessBodyUntouched(t *testing.T) {
	c, sr := client(t, answerRT{status: 200, body: func() io.ReadCloser { return io.NopCloser(strings.NewReader("ok")) }, length: 2})
	resp, err := c.Get("https://ec2.us-west-2.amazonaws.com/?Action=DescribeVolumes")
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	noAttr(t, onlySpan(t, sr), semconv.ErrorTypeKey)
}
