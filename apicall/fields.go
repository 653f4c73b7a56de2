package apicall

import (
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/requesthook/requesthook/internal/redact"
)

// Attribute keys of this module that no semantic convention defines.
const (
	// RoleKey marks a span as a logical call ("call") or one of its HTTP
	// attempts ("attempt"), so that a reader seeing the span alone (a
	// Collector, a batch that holds only part of a trace) can tell them apart.
	// Spans that are both carry no RoleKey.
	RoleKey = attribute.Key("requesthook.role")
	// InvocationIDKey holds the aws-sdk-go-v2 amz-sdk-invocation-id header:
	// one value per logical call, shared by all of its retries.
	InvocationIDKey = attribute.Key("aws.sdk.invocation_id")
	// AttemptsKey holds the number of HTTP attempts of a logical call (its
	// retries included), on the call's span (RoleCall).
	AttemptsKey = attribute.Key("aws.sdk.attempts")
	// AttemptStartKey holds the start of the final HTTP attempt of a logical
	// call, in nanoseconds since the Unix epoch, on the call's span
	// (RoleCall): boto timed each attempt on its own, and the line of a call
	// measures from there.
	AttemptStartKey = attribute.Key("requesthook.final_attempt.start")
)

// SystemAWS is the rpc.system.name value of calls to AWS APIs.
const SystemAWS = "aws-api"

// fieldID names one fact of a Call.
type fieldID uint8

const (
	fRole fieldID = iota
	fMethod
	fURL
	fServerAddress
	fServerPort
	fRPCSystem
	fRPCMethod
	fRPCService
	fRegion
	fStatus
	fSize
	fRequestID
	fExtendedRequestID
	fResendCount
	fInvocationID
	fErrorType
	fAttempts
	fAttemptStart
	fS3Bucket
	fS3Key
	fDynamoDBTables
	fSQSQueueURL
	fSNSTopicARN
	fKinesisStream
	fFaaSName
	fFaaSProvider
	fFaaSRegion
)

// field maps one fact of a Call to its attribute key and the names other
// instrumentations record it under.
type field struct {
	id       fieldID
	key      attribute.Key
	aliases  []string // read as key too
	call     bool     // its presence makes a span a call
	readOnly bool     // never written
	// line marks the facts that boto's line of a call and the choice of the
	// spans that get one depend on (Decoder.Record and Reported, and the
	// Collector's check that a PRODUCER span is an AWS call): the role, the
	// status code, the size, the operation and the final attempt's start,
	// and the facts that make a span a call. LookupLine finds only these;
	// TestLineFields checks that the others never change a line.
	line bool
}

// fields is the mapping, in the order attributes are written. Every
// attribute key of a Call appears here and nowhere else.
var fields = [...]field{
	{id: fRole, key: RoleKey, line: true},
	{id: fMethod, key: semconv.HTTPRequestMethodKey, aliases: []string{"http.method"}, call: true, line: true},
	{id: fURL, key: semconv.URLFullKey, aliases: []string{"http.url"}},
	{id: fServerAddress, key: semconv.ServerAddressKey, aliases: []string{"net.peer.name"}},
	{id: fServerPort, key: semconv.ServerPortKey, aliases: []string{"net.peer.port"}},
	{id: fRPCSystem, key: semconv.RPCSystemNameKey, aliases: []string{"rpc.system"}, line: true},
	{id: fRPCMethod, key: semconv.RPCMethodKey, call: true, line: true},
	// rpc.service is read only: older conventions (botocore, the Java SDK)
	// record the service there and a bare operation in rpc.method.
	{id: fRPCService, key: "rpc.service", readOnly: true},
	{id: fRegion, key: semconv.CloudRegionKey, aliases: []string{"aws.region"}},
	{id: fStatus, key: semconv.HTTPResponseStatusCodeKey, aliases: []string{"http.status_code"}, line: true},
	{id: fSize, key: semconv.HTTPResponseBodySizeKey, aliases: []string{"http.response_content_length"}, line: true},
	{id: fRequestID, key: semconv.AWSRequestIDKey, aliases: []string{"aws.requestId"}},
	{id: fExtendedRequestID, key: semconv.AWSExtendedRequestIDKey},
	{id: fResendCount, key: semconv.HTTPRequestResendCountKey},
	{id: fInvocationID, key: InvocationIDKey},
	{id: fErrorType, key: semconv.ErrorTypeKey},
	{id: fAttempts, key: AttemptsKey},
	{id: fAttemptStart, key: AttemptStartKey, line: true},
	{id: fS3Bucket, key: semconv.AWSS3BucketKey},
	{id: fS3Key, key: semconv.AWSS3KeyKey},
	{id: fDynamoDBTables, key: semconv.AWSDynamoDBTableNamesKey},
	{id: fSQSQueueURL, key: semconv.AWSSQSQueueURLKey},
	{id: fSNSTopicARN, key: semconv.AWSSNSTopicARNKey},
	{id: fKinesisStream, key: semconv.AWSKinesisStreamNameKey},
	{id: fFaaSName, key: semconv.FaaSInvokedNameKey},
	// faas.invoked_provider and faas.invoked_region follow from
	// faas.invoked_name and the region; they are written, not read.
	{id: fFaaSProvider, key: semconv.FaaSInvokedProviderKey},
	{id: fFaaSRegion, key: semconv.FaaSInvokedRegionKey},
}

// write appends the attribute of field f when c knows it; rpcMethod, when
// not empty, is RPCMethod(c.Service, c.Operation), built by the caller.
func (c *Call) write(dst []attribute.KeyValue, f *field, rpcMethod string) []attribute.KeyValue {
	k := f.key
	switch f.id {
	case fRole:
		if c.Role != "" {
			dst = append(dst, k.String(c.Role))
		}
	case fMethod:
		if c.Method != "" {
			dst = append(dst, k.String(c.Method))
		}
	case fURL:
		if c.URL != "" {
			dst = append(dst, k.String(strings.ToValidUTF8(redact.URL(c.URL), "\uFFFD")))
		}
	case fServerAddress:
		if c.ServerAddress != "" {
			dst = append(dst, k.String(c.ServerAddress))
		}
	case fServerPort:
		if c.ServerPort > 0 {
			dst = append(dst, k.Int(c.ServerPort))
		}
	case fRPCSystem:
		if c.RPCSystem != "" {
			dst = append(dst, k.String(c.RPCSystem))
		}
	case fRPCMethod:
		if c.Operation != "" {
			if rpcMethod == "" {
				rpcMethod = RPCMethod(c.Service, c.Operation)
			}
			dst = append(dst, k.String(rpcMethod))
		}
	case fRegion:
		if c.Region != "" {
			dst = append(dst, k.String(c.Region))
		}
	case fStatus:
		if c.StatusCode > 0 {
			dst = append(dst, k.Int(c.StatusCode))
		}
	case fSize:
		if c.Size >= 0 {
			dst = append(dst, k.Int64(c.Size))
		}
	case fRequestID:
		if c.RequestID != "" {
			dst = append(dst, k.String(c.RequestID))
		}
	case fExtendedRequestID:
		if c.ExtendedRequestID != "" {
			dst = append(dst, k.String(c.ExtendedRequestID))
		}
	case fResendCount:
		if c.Attempt > 0 {
			dst = append(dst, k.Int(c.Attempt-1))
		}
	case fInvocationID:
		if c.InvocationID != "" {
			dst = append(dst, k.String(c.InvocationID))
		}
	case fErrorType:
		if t := c.errorType(); t != "" {
			dst = append(dst, k.String(t))
		}
	case fAttempts:
		if c.Attempts > 0 {
			dst = append(dst, k.Int(c.Attempts))
		}
	case fAttemptStart:
		if !c.AttemptStart.IsZero() {
			dst = append(dst, k.Int64(c.AttemptStart.UnixNano()))
		}
	case fS3Bucket:
		if c.S3Bucket != "" {
			dst = append(dst, k.String(c.S3Bucket))
		}
	case fS3Key:
		if c.S3Key != "" {
			dst = append(dst, k.String(c.S3Key))
		}
	case fDynamoDBTables:
		if c.DynamoDBTables != "" {
			dst = append(dst, k.StringSlice(strings.Split(c.DynamoDBTables, ",")))
		}
	case fSQSQueueURL:
		if c.SQSQueueURL != "" {
			dst = append(dst, k.String(c.SQSQueueURL))
		}
	case fSNSTopicARN:
		if c.SNSTopicARN != "" {
			dst = append(dst, k.String(c.SNSTopicARN))
		}
	case fKinesisStream:
		if c.KinesisStream != "" {
			dst = append(dst, k.String(c.KinesisStream))
		}
	case fFaaSName:
		if c.LambdaFunction != "" {
			dst = append(dst, k.String(c.LambdaFunction))
		}
	case fFaaSProvider:
		if c.LambdaFunction != "" {
			dst = append(dst, semconv.FaaSInvokedProviderAWS)
		}
	case fFaaSRegion:
		if c.LambdaFunction != "" && c.Region != "" {
			dst = append(dst, k.String(c.Region))
		}
	}
	return dst
}

// setInt sets the integer fact of field id from n, when it holds one and n
// is in its range, and reports whether the field holds an integer.
func (d *Decoder) setInt(id fieldID, n int64) bool {
	c := &d.c
	switch id {
	case fServerPort:
		c.ServerPort = int(n)
	case fStatus:
		c.StatusCode = int(n)
	case fSize:
		if n >= 0 {
			c.Size = n
		}
	case fResendCount:
		if n >= 0 && n < 1<<20 {
			c.Attempt = int(n) + 1
		}
	case fAttempts:
		if n > 0 && n < 1<<20 {
			c.Attempts = int(n)
		}
	case fAttemptStart:
		if n > 0 {
			c.AttemptStart = time.Unix(0, n)
		}
	default:
		return false
	}
	return true
}

// setString reads the string value s of an attribute of field f. An
// integer field parses s.
func (d *Decoder) setString(f *field, s string) {
	c := &d.c
	switch f.id {
	case fRole:
		c.Role = s
	case fMethod:
		c.Method = s
	case fURL:
		c.URL = s
	case fServerAddress:
		c.ServerAddress = s
	case fRPCSystem:
		c.RPCSystem = s
	case fRPCMethod:
		c.Service, c.Operation = SplitRPCMethod(s)
	case fRPCService:
		d.rpcService = s
	case fRegion:
		c.Region = s
	case fRequestID:
		c.RequestID = s
	case fExtendedRequestID:
		c.ExtendedRequestID = s
	case fInvocationID:
		c.InvocationID = s
	case fErrorType:
		d.errorType = s
	case fS3Bucket:
		c.S3Bucket = s
	case fS3Key:
		c.S3Key = s
	case fDynamoDBTables:
		c.DynamoDBTables = s
	case fSQSQueueURL:
		c.SQSQueueURL = s
	case fSNSTopicARN:
		c.SNSTopicARN = s
	case fKinesisStream:
		c.KinesisStream = s
	case fFaaSName:
		c.LambdaFunction = s
	case fServerPort, fStatus, fSize, fResendCount, fAttempts, fAttemptStart:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			d.setInt(f.id, n)
		}
	}
}

// setNumber reads the integer value n of an attribute of field f (or a
// double's, truncated). A string field reads a number as the empty string,
// as attribute.Value.AsString does; the DynamoDB tables ignore it.
func (d *Decoder) setNumber(f *field, n int64) {
	if !d.setInt(f.id, n) && f.id != fDynamoDBTables {
		d.setString(f, "")
	}
}

// set reads the value v of an attribute of field f.
func (d *Decoder) set(f *field, v attribute.Value) {
	switch v.Type() {
	case attribute.STRING:
		d.setString(f, v.AsString())
	case attribute.INT64:
		d.setNumber(f, v.AsInt64())
	case attribute.FLOAT64:
		d.setNumber(f, int64(v.AsFloat64()))
	case attribute.STRINGSLICE:
		if f.id == fDynamoDBTables {
			d.c.DynamoDBTables = strings.Join(v.AsStringSlice(), ",")
		} else {
			d.setString(f, "")
		}
	default:
		// A string field reads other values as the empty string; an
		// integer field and the DynamoDB tables ignore them.
		if f.id != fDynamoDBTables {
			d.setString(f, "")
		}
	}
}

// AppendAttributes appends the attributes that describe c to dst, one per
// known field, and returns the extended slice. url.full is redacted. It
// allocates only when dst lacks room (and for the values it derives: a
// redacted URL with secrets, an rpc.method with a service).
func (c *Call) AppendAttributes(dst []attribute.KeyValue) []attribute.KeyValue {
	return c.AppendAttributesRPC(dst, "")
}

// AppendAttributesRPC is AppendAttributes with the rpc.method value given:
// rpcMethod must be RPCMethod(c.Service, c.Operation) or empty, and saves
// the allocation of building it again when the caller already has it.
func (c *Call) AppendAttributesRPC(dst []attribute.KeyValue, rpcMethod string) []attribute.KeyValue {
	for i := range fields {
		if !fields[i].readOnly {
			dst = c.write(dst, &fields[i], rpcMethod)
		}
	}
	return dst
}

// Attributes returns the attributes AppendAttributes appends, in a new slice.
func (c Call) Attributes() []attribute.KeyValue {
	return c.AppendAttributes(make([]attribute.KeyValue, 0, 16))
}

// errorType returns c.ErrorType, or the error.type that c.Err or a status
// code of 400 and above implies, or "".
func (c *Call) errorType() string {
	switch {
	case c.ErrorType != "":
		return c.ErrorType
	case c.Err != nil:
		return semconv.ErrorType(c.Err).Value.AsString()
	case c.StatusCode >= 400:
		return strconv.Itoa(c.StatusCode)
	}
	return ""
}
