package fakeaws_test

import (
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/requesthook/requesthook/internal/fakeaws"
)

func s3Client(t *testing.T, srv *fakeaws.Server) *s3.Client {
	return s3.NewFromConfig(sdkConfig(t), func(o *s3.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
		o.UsePathStyle = true
		o.DisableLogOutputChecksumValidationSkipped = true
	})
}

func TestS3(t *testing.T) {
	srv := fakeaws.New(t, fakeaws.RequireSigV4())
	c := s3Client(t, srv)
	ctx := t.Context()
	bucket := aws.String("bucket")

	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String("dir/a.txt"), Body: strings.NewReader("hello, object")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String("dir/b.txt"), Body: strings.NewReader("b")}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String("dir/a.txt")})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(got.Body)
	got.Body.Close()
	if string(b) != "hello, object" || aws.ToInt64(got.ContentLength) != 13 {
		t.Errorf("GetObject = %q (%d bytes), want %q", b, aws.ToInt64(got.ContentLength), "hello, object")
	}
	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: bucket, Key: aws.String("dir/a.txt")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToInt64(head.ContentLength) != 13 || aws.ToString(head.ETag) == "" {
		t.Errorf("HeadObject = %d bytes, ETag %q", aws.ToInt64(head.ContentLength), aws.ToString(head.ETag))
	}
	if _, err := c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: bucket, Key: aws.String("c.txt"), CopySource: aws.String("bucket/dir/a.txt")}); err != nil {
		t.Fatal(err)
	}
	list, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: bucket, Prefix: aws.String("dir/")})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range list.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	if want := "dir/a.txt dir/b.txt"; strings.Join(keys, " ") != want {
		t.Errorf("ListObjectsV2 keys %q, want %q", keys, want)
	}
	buckets, err := c.ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(buckets.Buckets) != 1 || aws.ToString(buckets.Buckets[0].Name) != "bucket" {
		t.Errorf("ListBuckets = %+v, want bucket", buckets.Buckets)
	}
	if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: bucket, Key: aws.String("c.txt")}); err != nil {
		t.Fatal(err)
	}

	t.Run("NoSuchKey", func(t *testing.T) {
		_, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String("c.txt")})
		var nsk *types.NoSuchKey
		if !errors.As(err, &nsk) {
			t.Errorf("err = %v (%T), want *types.NoSuchKey", err, err)
		}
		wantAPIError(t, err, "NoSuchKey", "The specified key does not exist.")
		last := srv.Requests()[srv.Total()-1]
		if last.Status != http.StatusNotFound || last.Bucket != "bucket" || last.Key != "c.txt" || len(last.RequestID) != 16 {
			t.Errorf("recorded %d %s/%s id %q, want 404 bucket/c.txt and a 16-digit ID", last.Status, last.Bucket, last.Key, last.RequestID)
		}
	})
	t.Run("HeadObject not found", func(t *testing.T) {
		_, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: bucket, Key: aws.String("c.txt")})
		var nf *types.NotFound
		if !errors.As(err, &nf) {
			t.Errorf("err = %v (%T), want *types.NotFound", err, err)
		}
	})
	t.Run("SlowDown retried", func(t *testing.T) {
		before := srv.Count("S3", "GetObject")
		srv.FailNext("S3", "GetObject", 2, fakeaws.Error{Status: 503, Code: "SlowDown", Message: "Please reduce your request rate."})
		got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String("dir/a.txt")})
		if err != nil {
			t.Fatal(err)
		}
		got.Body.Close()
		if n := srv.Count("S3", "GetObject") - before; n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
	})
	t.Run("SlowDown always", func(t *testing.T) {
		srv.FailAlways("S3", "PutObject", fakeaws.Error{Status: 503, Code: "SlowDown", Message: "Please reduce your request rate."})
		defer srv.Reset("S3", "PutObject")
		_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String("k"), Body: strings.NewReader("x")})
		wantAPIError(t, err, "SlowDown", "Please reduce your request rate.")
	})
	t.Run("not implemented", func(t *testing.T) {
		_, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: bucket})
		wantAPIError(t, err, "NotImplemented", "A header you provided implies functionality that is not implemented")
	})
	t.Run("unsigned", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/bucket/dir/a.txt")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var doc struct {
			Code, RequestID, HostID string
		}
		xml.Unmarshal(b, &struct {
			Code      *string `xml:"Code"`
			RequestID *string `xml:"RequestId"`
			HostID    *string `xml:"HostId"`
		}{&doc.Code, &doc.RequestID, &doc.HostID})
		if resp.StatusCode != 403 || doc.Code != "AccessDenied" ||
			doc.RequestID != resp.Header.Get("x-amz-request-id") || doc.HostID != resp.Header.Get("x-amz-id-2") {
			t.Errorf("status %d, document %+v; want 403 AccessDenied with the headers' IDs:\n%s", resp.StatusCode, doc, b)
		}
	})
}

// TestS3VirtualHost: bucket.host/key is read like /bucket/key.
func TestS3VirtualHost(t *testing.T) {
	srv := fakeaws.New(t)
	for _, tc := range []struct{ host, path, bucket, key, op string }{
		{"bucket.localhost", "/k/x", "bucket", "k/x", "GetObject"},
		{"bucket.s3.us-east-1.amazonaws.com", "/", "bucket", "", "ListObjects"},
		{"s3.us-east-1.amazonaws.com", "/bucket/k", "bucket", "k", "GetObject"},
		{"127.0.0.1", "/", "", "", "ListBuckets"},
	} {
		t.Run(tc.host, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+tc.path, nil)
			req.Host = tc.host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			r := srv.Requests()[srv.Total()-1]
			if r.Bucket != tc.bucket || r.Key != tc.key || r.Operation != tc.op {
				t.Errorf("bucket %q key %q op %s, want %q %q %s", r.Bucket, r.Key, r.Operation, tc.bucket, tc.key, tc.op)
			}
		})
	}
}

// TestS3Streaming: over TLS the SDK streams an unseekable body in the
// aws-chunked encoding with a trailing checksum; the fake stores the
// payload.
func TestS3Streaming(t *testing.T) {
	srv := fakeaws.New(t, fakeaws.WithTLS())
	cfg := sdkConfig(t)
	cfg.HTTPClient = srv.Client()
	c := s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
		o.UsePathStyle = true
		o.DisableLogOutputChecksumValidationSkipped = true
	})
	const payload = "streamed, in aws-chunked encoding"
	if _, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("k"),
		Body: io.NopCloser(strings.NewReader(payload)), ContentLength: aws.Int64(int64(len(payload))),
		ChecksumAlgorithm: types.ChecksumAlgorithmCrc32}); err != nil {
		t.Fatal(err)
	}
	if enc := srv.Requests()[0].Header.Get("Content-Encoding"); !strings.Contains(enc, "aws-chunked") {
		t.Errorf("Content-Encoding %q: the SDK did not stream; the test proves nothing", enc)
	}
	got, err := c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("k")})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(got.Body)
	got.Body.Close()
	if string(b) != payload {
		t.Errorf("object = %q, want %q", b, payload)
	}
}
