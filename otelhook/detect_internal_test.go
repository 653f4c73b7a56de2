package otelhook

import (
	"net/http"
	"testing"
)

func TestS3Operation(t *testing.T) {
	tests := []struct {
		method, url, copySource, want string
	}{
		{"GET", "https://s3.amazonaws.com/", "", "ListBuckets"},
		{"GET", "https://s3.us-west-2.amazonaws.com/bucket", "", "ListObjects"},
		{"GET", "https://s3.us-west-2.amazonaws.com/bucket?list-type=2&prefix=a", "", "ListObjectsV2"},
		{"GET", "https://bucket.s3.us-west-2.amazonaws.com/?list-type=2", "", "ListObjectsV2"},
		{"GET", "https://bucket.s3.us-west-2.amazonaws.com/key/with/slashes", "", "GetObject"},
		{"GET", "https://s3.amazonaws.com/bucket/key?tagging", "", "GetObjectTagging"},
		{"GET", "https://s3.amazonaws.com/bucket/key?uploadId=1", "", "ListParts"},
		{"GET", "https://s3.amazonaws.com/bucket?location", "", "GetBucketLocation"},
		{"GET", "https://s3.amazonaws.com/bucket?versions", "", "ListObjectVersions"},
		{"GET", "https://s3.amazonaws.com/bucket?uploads", "", "ListMultipartUploads"},
		{"HEAD", "https://s3.amazonaws.com/bucket", "", "HeadBucket"},
		{"HEAD", "https://s3.amazonaws.com/bucket/key", "", "HeadObject"},
		{"PUT", "https://s3.amazonaws.com/bucket", "", "CreateBucket"},
		{"PUT", "https://s3.amazonaws.com/bucket?policy", "", "PutBucketPolicy"},
		{"PUT", "https://s3.amazonaws.com/bucket/key", "", "PutObject"},
		{"PUT", "https://s3.amazonaws.com/bucket/key", "/src/key", "CopyObject"},
		{"PUT", "https://s3.amazonaws.com/bucket/key?partNumber=2&uploadId=u", "", "UploadPart"},
		{"PUT", "https://s3.amazonaws.com/bucket/key?partNumber=2&uploadId=u", "/src/key", "UploadPartCopy"},
		{"DELETE", "https://s3.amazonaws.com/bucket", "", "DeleteBucket"},
		{"DELETE", "https://s3.amazonaws.com/bucket?cors", "", "DeleteBucketCors"},
		{"DELETE", "https://s3.amazonaws.com/bucket/key", "", "DeleteObject"},
		{"DELETE", "https://s3.amazonaws.com/bucket/key?uploadId=u", "", "AbortMultipartUpload"},
		{"POST", "https://s3.amazonaws.com/bucket?delete", "", "DeleteObjects"},
		{"POST", "https://s3.amazonaws.com/bucket/key?uploads", "", "CreateMultipartUpload"},
		{"POST", "https://s3.amazonaws.com/bucket/key?uploadId=u", "", "CompleteMultipartUpload"},
		{"POST", "https://s3.amazonaws.com/bucket/key", "", ""},
		{"PATCH", "https://s3.amazonaws.com/bucket", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.url, func(t *testing.T) {
			r, err := http.NewRequest(tt.method, tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.copySource != "" {
				r.Header.Set("X-Amz-Copy-Source", tt.copySource)
			}
			if !isS3Host(r.URL.Host) {
				t.Errorf("isS3Host(%q) = false", r.URL.Host)
			}
			if got := s3Operation(r); got != tt.want {
				t.Errorf("s3Operation = %q, want %q", got, tt.want)
			}
		})
	}
	for _, host := range []string{"example.com", "s3.example.com", "ec2.us-west-2.amazonaws.com", "localhost:9000"} {
		if isS3Host(host) {
			t.Errorf("isS3Host(%q) = true", host)
		}
	}
}

func TestCredentialScope(t *testing.T) {
	tests := []struct{ auth, query, service, region string }{
		{"AWS4-HMAC-SHA256 Credential=AKID/20140226/us-west-2/ec2/aws4_request, SignedHeaders=host, Signature=x", "", "ec2", "us-west-2"},
		{"AWS4-HMAC-SHA256 Credential=AKID/20140226/eu-central-1/dynamodb/aws4_request,SignedHeaders=host,Signature=x", "", "dynamodb", "eu-central-1"},
		{"", "X-Amz-Credential=AKID%2F20140226%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=x", "s3", "us-east-1"},
		{"AWS4-HMAC-SHA256 Credential=AKID/20140226/US WEST/ec2/aws4_request", "", "", ""},
		{"AWS4-HMAC-SHA256 Credential=AKID/20140226/us-west-2/ec2", "", "", ""},
		{"AWS AKID:signature", "", "", ""},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		r, _ := http.NewRequest("GET", "https://h/?"+tt.query, nil)
		if tt.auth != "" {
			r.Header.Set("Authorization", tt.auth)
		}
		service, region := credentialScope(r)
		if service != tt.service || region != tt.region {
			t.Errorf("credentialScope(%q, %q) = %q, %q; want %q, %q", tt.auth, tt.query, service, region, tt.service, tt.region)
		}
	}
}

func TestServiceNames(t *testing.T) {
	tests := []struct{ fn, in, want string }{
		{"target", "DynamoDB_20120810", "DynamoDB"},
		{"target", "Kinesis_20131202", "Kinesis"},
		{"target", "AmazonSSM", "AmazonSSM"},
		{"target", "bad name", ""},
		{"signing", "ec2", "EC2"},
		{"signing", "logs", "CloudWatch Logs"},
		{"signing", "newservice", "newservice"},
		{"host", "ec2.us-west-2.amazonaws.com", "ec2"},
		{"host", "sts.amazonaws.com:443", "sts"},
		{"host", "bucket.s3.us-west-2.amazonaws.com", "s3"},
		{"host", "example.com", ""},
	}
	for _, tt := range tests {
		var got string
		switch tt.fn {
		case "target":
			got = targetService(tt.in)
		case "signing":
			got = serviceName(tt.in)
		case "host":
			got = hostService(tt.in)
		}
		if got != tt.want {
			t.Errorf("%s(%q) = %q, want %q", tt.fn, tt.in, got, tt.want)
		}
	}
}

func TestAttempt(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"attempt=1; max=3", 1},
		{"attempt=3; max=3", 3},
		{"max=3; attempt=2", 2},
		{"attempt=0", 1},
		{"attempt=-4", 1},
		{"attempt=99999999999999999999", 1},
		{"garbage", 1},
	}
	for _, tt := range tests {
		if got := attempt(tt.in); got != tt.want {
			t.Errorf("attempt(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
