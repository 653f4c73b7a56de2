package otelhook_test

import (
	"io"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"github.com/requesthook/requesthook/otelhook"
)

func TestTransportResourceAttributes(t *testing.T) {
	ok := answerRT{status: 200, body: func() io.ReadCloser { return io.NopCloser(strings.NewReader("ok")) }, length: 2}
	tests := []struct {
		name, url string
		opts      []otelhook.Option
		want      map[string]string // "" means absent
	}{
		{"S3 virtual-hosted", "https://my-bucket.s3.us-west-2.amazonaws.com/dir/a%20b.txt", nil,
			map[string]string{"aws.s3.bucket": "my-bucket", "aws.s3.key": "dir/a b.txt"}},
		{"S3 path-style", "https://s3.us-west-2.amazonaws.com/my-bucket/dir/obj", nil,
			map[string]string{"aws.s3.bucket": "my-bucket", "aws.s3.key": "dir/obj"}},
		{"S3 without keys", "https://s3.us-west-2.amazonaws.com/my-bucket/dir/obj", []otelhook.Option{otelhook.WithoutS3Keys()},
			map[string]string{"aws.s3.bucket": "my-bucket", "aws.s3.key": ""}},
		{"SNS query", "https://sns.us-west-2.amazonaws.com/?Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-west-2%3A123456789012%3Atopic&Message=hi", nil,
			map[string]string{"aws.sns.topic.arn": "arn:aws:sns:us-west-2:123456789012:topic"}},
		{"EC2", "https://ec2.us-west-2.amazonaws.com/?Action=DescribeVolumes", nil,
			map[string]string{"aws.s3.bucket": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, sr := client(t, ok, tt.opts...)
			resp, err := c.Get(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			io.ReadAll(resp.Body)
			resp.Body.Close()
			s := onlySpan(t, sr)
			for k, v := range tt.want {
				if v == "" {
					noAttr(t, s, attribute.Key(k))
				} else {
					wantAttr(t, s, attribute.Key(k), v)
				}
			}
		})
	}
}
