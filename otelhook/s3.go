package otelhook

import (
	"net/http"
	"strings"
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
		if hasParam(q, "delete") {
			return "DeleteObjects"
		}
		return ""
	}
	for _, s := range s3Subresources {
		if !hasParam(q, s.param) {
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
		if v, _ := queryRaw(q, "list-type"); v == "2" {
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
		case hasParam(q, "uploadId"):
			return "ListParts"
		case hasParam(q, "tagging"):
			return "GetObjectTagging"
		case hasParam(q, "acl"):
			return "GetObjectAcl"
		case hasParam(q, "attributes"):
			return "GetObjectAttributes"
		}
		return "GetObject"
	case http.MethodHead:
		return "HeadObject"
	case http.MethodPut:
		switch {
		case hasParam(q, "partNumber") && hasParam(q, "uploadId"):
			if copySource {
				return "UploadPartCopy"
			}
			return "UploadPart"
		case hasParam(q, "tagging"):
			return "PutObjectTagging"
		case hasParam(q, "acl"):
			return "PutObjectAcl"
		case copySource:
			return "CopyObject"
		}
		return "PutObject"
	case http.MethodDelete:
		switch {
		case hasParam(q, "uploadId"):
			return "AbortMultipartUpload"
		case hasParam(q, "tagging"):
			return "DeleteObjectTagging"
		}
		return "DeleteObject"
	case http.MethodPost:
		switch {
		case hasParam(q, "uploads"):
			return "CreateMultipartUpload"
		case hasParam(q, "uploadId"):
			return "CompleteMultipartUpload"
		case hasParam(q, "restore"):
			return "RestoreObject"
		case hasParam(q, "select"):
			return "SelectObjectContent"
		}
	}
	return ""
}

// hasParam reports whether an encoded query has the parameter name, with or
// without a value.
func hasParam(q, name string) bool {
	_, ok := queryRaw(q, name)
	return ok
}
