package apicall

import "time"

// Call is one finished call: what boto's request hook saw through its
// request, response and error arguments. The zero value of each field means
// "not known" and is not written as an attribute.
type Call struct {
	// Start and End bound the call (the span's start and end times).
	Start, End time.Time
	// Role tells a logical call from one of its HTTP attempts: RoleCall,
	// RoleAttempt, or empty when the span is both (a request made through the
	// Transport alone, a call reported by hand or read from a log).
	Role string
	// RPCSystem is the rpc.system.name value ("aws-api" for AWS calls);
	// empty when the call is not known to be an RPC.
	RPCSystem string
	// Service is the API's service ID ("EC2", "DynamoDB", "S3"); empty when unknown.
	Service string
	// Operation is the API operation ("DescribeVolumes"); empty when unknown.
	Operation string
	// Method is the HTTP request method ("GET", "POST").
	Method string
	// URL is the request URL; it is redacted whenever it is written.
	URL string
	// ServerAddress and ServerPort name the server the call went to.
	ServerAddress string
	ServerPort    int
	// Region is the cloud region of the call ("us-west-2").
	Region string
	// StatusCode is the HTTP response status code, 0 when no response arrived.
	StatusCode int
	// Size is the response body size in bytes, -1 when unknown.
	Size int64
	// Attempt is the 1-based attempt number of this request within its
	// logical call; 0 when unknown.
	Attempt int
	// RequestID is the AWS request ID (x-amzn-RequestId or x-amz-request-id).
	RequestID string
	// ExtendedRequestID is S3's extended request ID (x-amz-id-2).
	ExtendedRequestID string
	// InvocationID is the SDK's invocation ID, shared by every attempt of a
	// logical call.
	InvocationID string
	// ErrorType is the error.type of a failed call; when empty, it is
	// derived from Err or a status code of 400 and above.
	ErrorType string
	// Err is non-nil when the call failed without a usable response.
	Err error

	// Attempts is the number of HTTP attempts a logical call (Role
	// RoleCall) made, retries included; 0 when unknown.
	Attempts int
	// AttemptStart is the start of the final HTTP attempt of a logical call
	// (Role RoleCall); zero when unknown. boto restarted its clock for each
	// attempt, so the line of a call measures from here (Record).
	AttemptStart time.Time

	// S3Bucket and S3Key name the S3 bucket and object key the call
	// addressed (aws.s3.bucket, aws.s3.key).
	S3Bucket, S3Key string
	// DynamoDBTables lists the DynamoDB tables the call addressed, separated
	// by commas, which table names and ARNs never contain; it is written as
	// the string slice aws.dynamodb.table_names. A string keeps Call
	// comparable.
	DynamoDBTables string
	// SQSQueueURL is the SQS queue URL the call addressed (aws.sqs.queue.url).
	SQSQueueURL string
	// SNSTopicARN is the SNS topic the call addressed (aws.sns.topic.arn).
	SNSTopicARN string
	// KinesisStream is the Kinesis stream name the call addressed
	// (aws.kinesis.stream_name).
	KinesisStream string
	// LambdaFunction is the name of the Lambda function the call addressed
	// (faas.invoked_name, written with faas.invoked_provider "aws" and
	// faas.invoked_region, the call's Region).
	LambdaFunction string
}

// Values of Call.Role and of the RoleKey attribute.
const (
	// RoleCall marks the span of a logical API call that covers its
	// attempts (one per SDK operation).
	RoleCall = "call"
	// RoleAttempt marks the span of one HTTP attempt of a logical call,
	// a child of the call's span.
	RoleAttempt = "attempt"
)

// ErrNoResponse is the Err of a call that failed without a response and of
// which nothing else is known: what a line with status 0 and size 0 records
// (FromRecord). Its error.type is "no_response".
var ErrNoResponse error = noResponse{}

type noResponse struct{}

func (noResponse) Error() string     { return "request failed without a response" }
func (noResponse) ErrorType() string { return "no_response" }
