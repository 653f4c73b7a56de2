package otelhook

import (
	"net/http"
	"strings"

	"github.com/requesthook/requesthook/internal/query"
)

// isS3Host reports whether host (with or without port) is an Amazon S3
// endpoint: s3.amazonaws.com, s3.REGION.amazonaws.com, s3-REGION…, their
// dualstack and FIPS forms, or a virtual-hosted BUCKET.s3….amazonaws.com.
func isS3Host(host string) bool {
	host = hostname(host)
	if !isAWSHost(host) {
		return false
	}
	host = strings.ToLower(host)
	return strings.HasPrefix(host, "s3.") || strings.HasPrefix(host, "s3-") ||
		strings.Contains(host, ".s3.") || strings.Contains(host, ".s3-")
}

// hasVirtualBucket reports whether the bucket is in the host name
// (BUCKET.s3.REGION.amazonaws.com) rather than the first path segment.
func hasVirtualBucket(host string) bool {
	host = strings.ToLower(host)
	return !strings.HasPrefix(host, "s3.") && !strings.HasPrefix(host, "s3-") &&
		(strings.Contains(host, ".s3.") || strings.Contains(host, ".s3-"))
}

// s3Subresources maps a bucket sub-resource query parameter to the operation
// names for GET, PUT and DELETE.
var s3Subresources = [...]struct{ param, get, put, del string }{
	{"acl", "GetBucketAcl", "PutBucketAcl", ""},
	{"cors", "GetBucketCors", "PutBucketCors", "DeleteBucketCors"},
	{"encryption", "GetBucketEncryption", "PutBucketEncryption", "DeleteBucketEncryption"},
	{"lifecycle", "GetBucketLifecycleConfiguration", "PutBucketLifecycleConfiguration", "DeleteBucketLifecycle"},
	{"location", "GetBucketLocation", "", ""},
	{"logging", "GetBucketLogging", "PutBucketLogging", ""},
	{"notification", "GetBucketNotificationConfiguration", "PutBucketNotificationConfiguration", ""},
	{"policy", "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy"},
	{"replication", "GetBucketReplication", "PutBucketReplication", "DeleteBucketReplication"},
	{"tagging", "GetBucketTagging", "PutBucketTagging", "DeleteBucketTagging"},
	{"versioning", "GetBucketVersioning", "PutBucketVersioning", ""},
	{"website", "GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite"},
	{"uploads", "ListMultipartUploads", "", ""},
	{"versions", "ListObjectVersions", "", ""},
}

// s3Operation names the S3 REST operation of r from its method, path, query
// and headers, or returns "". Requests to hosts that are not S3's own (a
// signed request to a custom endpoint) are read as path-style.
func s3Operation(r *http.Request) string {
	if r.URL == nil {
		return ""
	}
	path := strings.TrimPrefix(r.URL.EscapedPath(), "/")
	q := r.URL.RawQuery
	bucket, key := true, false
	if hasVirtualBucket(r.URL.Host) {
		key = path != ""
	} else {
		b, k, _ := strings.Cut(path, "/")
		bucket, key = b != "", k != ""
	}
	switch {
	case !bucket:
		if r.Method == http.MethodGet {
			return "ListBuckets"
		}
		return ""
	case key:
		return s3ObjectOperation(r, q)
	}
	switch r.Method {
	case http.MethodHead:
		return "HeadBucket"
	case http.MethodPost:
		if query.Has(q, "delete") {
			return "DeleteObjects"
		}
		return ""
	}
	for _, s := range s3Subresources {
		if !query.Has(q, s.param) {
			continue
		}
		switch r.Method {
		case http.MethodGet:
			return s.get
		case http.MethodPut:
			return s.put
		case http.MethodDelete:
			return s.del
		}
		return ""
	}
	switch r.Method {
	case http.MethodGet:
		if v, _ := query.Get(q, "list-type"); v == "2" {
			return "ListObjectsV2"
		}
		return "ListObjects"
	case http.MethodPut:
		return "CreateBucket"
	case http.MethodDelete:
		return "DeleteBucket"
	}
	return ""
}

// s3ObjectOperation names an operation on an object key.
func s3ObjectOperation(r *http.Request, q string) string {
	copySource := header(r.Header, "X-Amz-Copy-Source") != ""
	switch r.Method {
	case http.MethodGet:
		switch {
		case query.Has(q, "uploadId"):
			return "ListParts"
		case query.Has(q, "tagging"):
			return "GetObjectTagging"
		case query.Has(q, "acl"):
			return "GetObjectAcl"
		case query.Has(q, "attributes"):
			return "GetObjectAttributes"
		}
		return "GetObject"
	case http.MethodHead:
		return "HeadObject"
	case http.MethodPut:
		switch {
		case query.Has(q, "partNumber") && query.Has(q, "uploadId"):
			if copySource {
				return "UploadPartCopy"
			}
			return "UploadPart"
		case query.Has(q, "tagging"):
			return "PutObjectTagging"
		case query.Has(q, "acl"):
			return "PutObjectAcl"
		case copySource:
			return "CopyObject"
		}
		return "PutObject"
	case http.MethodDelete:
		switch {
		case query.Has(q, "uploadId"):
			return "AbortMultipartUpload"
		case query.Has(q, "tagging"):
			return "DeleteObjectTagging"
		}
		return "DeleteObject"
	case http.MethodPost:
		switch {
		case query.Has(q, "uploads"):
			return "CreateMultipartUpload"
		case query.Has(q, "uploadId"):
			return "CompleteMultipartUpload"
		case query.Has(q, "restore"):
			return "RestoreObject"
		case query.Has(q, "select"):
			return "SelectObjectContent"
		}
	}
	return ""
}
