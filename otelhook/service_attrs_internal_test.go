package otelhook

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	dtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/requesthook/requesthook/apicall"
)

func TestInputAttributes(t *testing.T) {
	const queue = "https://sqs.us-west-2.amazonaws.com/123456789012/q"
	const topic = "arn:aws:sns:us-west-2:123456789012:topic"
	tests := []struct {
		name    string
		service string
		params  any
		noKeys  bool
		want    apicall.Call
	}{
		{"S3 object", "S3", &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("k/1")}, false, apicall.Call{S3Bucket: "b", S3Key: "k/1"}},
		{"S3 without keys", "S3", &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("k/1")}, true, apicall.Call{S3Bucket: "b"}},
		{"S3 bucket", "S3", &s3.ListObjectsV2Input{Bucket: aws.String("b")}, false, apicall.Call{S3Bucket: "b"}},
		{"S3 no bucket", "S3", &s3.ListBucketsInput{}, false, apicall.Call{}},
		{"DynamoDB table", "DynamoDB", &dynamodb.PutItemInput{TableName: aws.String("Music")}, false, apicall.Call{DynamoDBTables: "Music"}},
		{"DynamoDB batch", "DynamoDB", &dynamodb.BatchGetItemInput{RequestItems: map[string]dtypes.KeysAndAttributes{"b": {}, "a": {}}}, false, apicall.Call{DynamoDBTables: "a,b"}},
		{"DynamoDB batch write", "DynamoDB", &dynamodb.BatchWriteItemInput{RequestItems: map[string][]dtypes.WriteRequest{"t": nil}}, false, apicall.Call{DynamoDBTables: "t"}},
		{"DynamoDB list", "DynamoDB", &dynamodb.ListTablesInput{}, false, apicall.Call{}},
		{"SQS", "SQS", &sqs.SendMessageInput{QueueUrl: aws.String(queue)}, false, apicall.Call{SQSQueueURL: queue}},
		{"SNS", "SNS", &sns.PublishInput{TopicArn: aws.String(topic)}, false, apicall.Call{SNSTopicARN: topic}},
		{"Kinesis name", "Kinesis", &kinesis.PutRecordInput{StreamName: aws.String("s")}, false, apicall.Call{KinesisStream: "s"}},
		{"Kinesis ARN", "Kinesis", &kinesis.PutRecordInput{StreamARN: aws.String("arn:aws:kinesis:us-west-2:123456789012:stream/s2")}, false, apicall.Call{KinesisStream: "s2"}},
		{"Lambda name", "Lambda", &lambda.InvokeInput{FunctionName: aws.String("fn")}, false, apicall.Call{LambdaFunction: "fn"}},
		{"Lambda ARN", "Lambda", &lambda.InvokeInput{FunctionName: aws.String("arn:aws:lambda:us-west-2:123456789012:function:fn:prod")}, false, apicall.Call{LambdaFunction: "fn"}},
		{"Lambda partial ARN", "Lambda", &lambda.InvokeInput{FunctionName: aws.String("123456789012:function:fn")}, false, apicall.Call{LambdaFunction: "fn"}},
		{"EC2", "EC2", &ec2.DescribeVolumesInput{}, false, apicall.Call{}},
		{"nil input", "S3", (*s3.GetObjectInput)(nil), false, apicall.Call{}},
		{"not a struct", "S3", "x", false, apicall.Call{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := newConfig()
			if tt.noKeys {
				cfg = WithoutS3Keys().apply(cfg)
			}
			got := apicall.Call{Service: tt.service}
			inputAttributes(&got, tt.params, cfg)
			tt.want.Service = tt.service
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestErrorCodes(t *testing.T) {
	body := []struct{ in, want string }{
		{`<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>InvalidVolume.NotFound</Code><Message>m</Message></Error></Errors></Response>`, "InvalidVolume.NotFound"},
		{`<ErrorResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code></Error></ErrorResponse>`, "NotFound"},
		{"\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>", "NoSuchKey"},
		{`{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"x"}`, "ResourceNotFoundException"},
		{`{"message":"x", "__type" : "ThrottlingException"}`, "ThrottlingException"},
		{`{"__type":"bad code!"}`, ""},
		{`<Error><Code>` + string(make([]byte, 200)) + `</Code></Error>`, ""},
		{`<Error><Code>Trunc`, ""},
		{`plain text`, ""},
		{``, ""},
	}
	for _, tt := range body {
		if got := bodyErrorCode([]byte(tt.in)); got != tt.want {
			t.Errorf("bodyErrorCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	header := []struct{ in, want string }{
		{"ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/", "ValidationException"},
		{"aws.protocoltests.restjson#FooError", "FooError"},
		{"ThrottlingException", "ThrottlingException"},
		{"", ""},
		{"not valid", ""},
	}
	for _, tt := range header {
		if got := headerErrorCode(tt.in); got != tt.want {
			t.Errorf("headerErrorCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
