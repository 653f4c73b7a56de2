package fakeaws

import (
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// identify names the service and operation of r, whose body has been read.
// It returns, beside the Request, the error to answer with when the request
// cannot be understood.
func identify(r *http.Request, body []byte) (*Request, *Error) {
	req := &Request{
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  r.URL.Query(),
		Host:   r.Host,
		Header: r.Header.Clone(),
		Body:   body,
	}
	switch {
	case r.Header.Get("X-Amz-Target") != "":
		prefix, op, _ := strings.Cut(r.Header.Get("X-Amz-Target"), ".")
		req.Protocol, req.Service, req.Operation = JSON, jsonService(prefix), op
		return req, nil
	case strings.HasPrefix(r.URL.Path, lambdaFunctions):
		identifyLambda(req)
		return req, nil
	case isForm(r) || req.Query.Has("Action"):
		return req, identifyQuery(req, r)
	}
	identifyS3(req)
	return req, nil
}

// jsonServices maps X-Amz-Target prefixes to service names.
var jsonServices = map[string]string{
	"DynamoDB_20120810":        "DynamoDB",
	"DynamoDBStreams_20120810": "DynamoDB Streams",
	"AmazonSQS":                "SQS",
	"Kinesis_20131202":         "Kinesis",
	"Logs_20140328":            "CloudWatch Logs",
}

func jsonService(prefix string) string {
	if s, ok := jsonServices[prefix]; ok {
		return s
	}
	s, _, _ := strings.Cut(prefix, "_")
	return s
}

func isForm(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "application/x-www-form-urlencoded"
}

// queryVersions maps the query protocol's Version to the service.
var queryVersions = map[string]string{
	"2016-11-15": "EC2",
	"2011-06-15": "STS",
	"2010-03-31": "SNS",
	"2012-11-05": "SQS",
	"2010-05-08": "IAM",
	"2010-08-01": "CloudWatch",
}

// scopeServices maps the service of a SigV4 credential scope to the
// service name.
var scopeServices = map[string]string{
	"ec2": "EC2", "sts": "STS", "sns": "SNS", "sqs": "SQS", "iam": "IAM", "monitoring": "CloudWatch",
}

// identifyQuery reads a query-protocol request: the service from Version,
// else from the signature's credential scope, else EC2 (boto's requests
// often carry neither).
func identifyQuery(req *Request, r *http.Request) *Error {
	form, err := url.ParseQuery(r.URL.RawQuery)
	if isForm(r) {
		body, berr := url.ParseQuery(string(req.Body))
		for k, vs := range body {
			form[k] = append(form[k], vs...)
		}
		if err == nil {
			err = berr
		}
	}
	req.Form = form
	req.Operation = form.Get("Action")
	req.Service = queryVersions[form.Get("Version")]
	if req.Service == "" {
		req.Service = scopeServices[scopeService(r.Header.Get("Authorization"))]
	}
	if req.Service == "" {
		req.Service = "EC2"
	}
	req.Protocol = Query
	if req.Service == "EC2" {
		req.Protocol = EC2Query
	}
	switch {
	case err != nil:
		return &Error{Code: "MalformedQueryString", Message: "The request could not be parsed."}
	case req.Operation == "":
		return &Error{Code: "MissingAction", Message: "The request must contain the parameter Action."}
	}
	return nil
}

// scopeService returns the service of a SigV4 Authorization header's
// credential scope (Credential=AKID/date/region/service/aws4_request).
func scopeService(auth string) string {
	_, cred, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return ""
	}
	cred, _, _ = strings.Cut(cred, ",")
	parts := strings.Split(cred, "/")
	if len(parts) != 5 {
		return ""
	}
	return parts[3]
}

const lambdaFunctions = "/2015-03-31/functions/"

// identifyLambda reads Lambda's REST paths: POST .../functions/{name}/invocations
// is Invoke, GET .../functions/{name} GetFunction.
func identifyLambda(req *Request) {
	req.Protocol, req.Service = RESTJSON, "Lambda"
	rest := strings.TrimPrefix(req.Path, lambdaFunctions)
	name, sub, _ := strings.Cut(rest, "/")
	req.Function = name
	switch {
	case req.Method == http.MethodPost && sub == "invocations":
		req.Operation = "Invoke"
	case req.Method == http.MethodGet && sub == "":
		req.Operation = "GetFunction"
	default:
		req.Operation = req.Method + " " + req.Path
	}
}

// identifyS3 reads S3's REST requests, path-style (/bucket/key) or
// virtual-host style (bucket.host/key).
func identifyS3(req *Request) {
	req.Protocol, req.Service = RESTXML, "S3"
	path := strings.TrimPrefix(req.Path, "/")
	if b := hostBucket(req.Host); b != "" {
		req.Bucket, req.Key = b, path
	} else {
		req.Bucket, req.Key, _ = strings.Cut(path, "/")
	}
	req.Operation = s3Operation(req)
}

// hostBucket returns the bucket of a virtual-host style Host, "" for an IP
// address, localhost or S3's own names.
func hostBucket(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if net.ParseIP(strings.Trim(host, "[]")) != nil {
		return ""
	}
	first, rest, ok := strings.Cut(host, ".")
	if !ok || rest == "" || first == "s3" || strings.HasPrefix(first, "s3-") {
		return ""
	}
	return first
}

// s3Operation names an S3 request by method, bucket, key and subresource.
func s3Operation(req *Request) string {
	q := req.Query
	has := q.Has
	switch {
	case req.Bucket == "":
		if req.Method == http.MethodGet {
			return "ListBuckets"
		}
	case req.Key == "":
		switch req.Method {
		case http.MethodGet:
			switch {
			case q.Get("list-type") == "2":
				return "ListObjectsV2"
			case has("location"):
				return "GetBucketLocation"
			case has("versioning"):
				return "GetBucketVersioning"
			case has("tagging"):
				return "GetBucketTagging"
			case has("policy"):
				return "GetBucketPolicy"
			case has("uploads"):
				return "ListMultipartUploads"
			case has("versions"):
				return "ListObjectVersions"
			}
			return "ListObjects"
		case http.MethodPut:
			switch {
			case has("tagging"):
				return "PutBucketTagging"
			case has("versioning"):
				return "PutBucketVersioning"
			case has("policy"):
				return "PutBucketPolicy"
			}
			return "CreateBucket"
		case http.MethodHead:
			return "HeadBucket"
		case http.MethodDelete:
			switch {
			case has("tagging"):
				return "DeleteBucketTagging"
			case has("policy"):
				return "DeleteBucketPolicy"
			}
			return "DeleteBucket"
		case http.MethodPost:
			if has("delete") {
				return "DeleteObjects"
			}
		}
	default:
		switch req.Method {
		case http.MethodGet:
			switch {
			case has("tagging"):
				return "GetObjectTagging"
			case has("acl"):
				return "GetObjectAcl"
			case has("attributes"):
				return "GetObjectAttributes"
			case has("uploadId"):
				return "ListParts"
			}
			return "GetObject"
		case http.MethodPut:
			copySource := req.Header.Get("X-Amz-Copy-Source") != ""
			switch {
			case has("tagging"):
				return "PutObjectTagging"
			case has("uploadId") && copySource:
				return "UploadPartCopy"
			case has("uploadId"):
				return "UploadPart"
			case copySource:
				return "CopyObject"
			}
			return "PutObject"
		case http.MethodHead:
			return "HeadObject"
		case http.MethodDelete:
			switch {
			case has("tagging"):
				return "DeleteObjectTagging"
			case has("uploadId"):
				return "AbortMultipartUpload"
			}
			return "DeleteObject"
		case http.MethodPost:
			switch {
			case has("uploads"):
				return "CreateMultipartUpload"
			case has("uploadId"):
				return "CompleteMultipartUpload"
			case has("restore"):
				return "RestoreObject"
			}
		}
	}
	return req.Method + " " + req.Path
}
