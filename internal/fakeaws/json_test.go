package fakeaws_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/requesthook/requesthook/internal/fakeaws"
)

func TestDynamoDB(t *testing.T) {
	srv := fakeaws.New(t)
	c := dynamodb.NewFromConfig(sdkConfig(t), func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	in := &dynamodb.GetItemInput{TableName: aws.String("Music"), Key: map[string]ddbtypes.AttributeValue{"Artist": &ddbtypes.AttributeValueMemberS{Value: "No One You Know"}}}

	t.Run("default", func(t *testing.T) {
		out, err := c.GetItem(t.Context(), in)
		if err != nil {
			t.Fatal(err)
		}
		if out.Item != nil {
			t.Errorf("Item = %v, want none", out.Item)
		}
	})
	t.Run("canned", func(t *testing.T) {
		srv.Respond("DynamoDB", "GetItem", fakeaws.Response{Body: []byte(`{"Item":{"Artist":{"S":"No One You Know"},"Plays":{"N":"3"}}}`)})
		defer srv.Reset("DynamoDB", "GetItem")
		out, err := c.GetItem(t.Context(), in)
		if err != nil {
			t.Fatal(err)
		}
		if n, ok := out.Item["Plays"].(*ddbtypes.AttributeValueMemberN); !ok || n.Value != "3" {
			t.Errorf("Item = %v, want Plays 3", out.Item)
		}
	})
	t.Run("throttled then retried", func(t *testing.T) {
		before := srv.Count("DynamoDB", "GetItem")
		srv.FailNext("DynamoDB", "GetItem", 1, fakeaws.Error{Code: "ThrottlingException", Message: "Rate of requests exceeds the allowed throughput."})
		if _, err := c.GetItem(t.Context(), in); err != nil {
			t.Fatal(err)
		}
		if got := srv.Count("DynamoDB", "GetItem") - before; got != 2 {
			t.Errorf("%d requests, want 2 (a throttle and its retry)", got)
		}
	})
	t.Run("modeled error", func(t *testing.T) {
		srv.FailNext("DynamoDB", "GetItem", 1, fakeaws.Error{Code: "ResourceNotFoundException", Message: "Requested resource not found"})
		_, err := c.GetItem(t.Context(), in)
		var rnf *ddbtypes.ResourceNotFoundException
		if !errors.As(err, &rnf) {
			t.Errorf("err = %v (%T), want a *types.ResourceNotFoundException", err, err)
		}
		wantAPIError(t, err, "ResourceNotFoundException", "Requested resource not found")
	})
	t.Run("throttled always", func(t *testing.T) {
		before := srv.Count("DynamoDB", "GetItem")
		srv.FailAlways("DynamoDB", "GetItem", fakeaws.Error{Code: "ThrottlingException", Message: "Rate exceeded"})
		defer srv.Reset("DynamoDB", "GetItem")
		_, err := c.GetItem(t.Context(), in)
		wantAPIError(t, err, "ThrottlingException", "Rate exceeded")
		if got := srv.Count("DynamoDB", "GetItem") - before; got != maxAttempts {
			t.Errorf("%d requests, want %d", got, maxAttempts)
		}
	})
	for _, r := range srv.Requests() {
		if got := r.Header.Get("X-Amz-Target"); got != "DynamoDB_20120810.GetItem" || r.Protocol != fakeaws.JSON {
			t.Errorf("recorded X-Amz-Target %q, protocol %v", got, r.Protocol)
		}
	}
}

func TestSQS(t *testing.T) {
	srv := fakeaws.New(t)
	c := sqs.NewFromConfig(sdkConfig(t), func(o *sqs.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	queue := aws.String(srv.URL + "/123456789012/q")

	// The SDK checks the MD5 of the message body the fake returns.
	out, err := c.SendMessage(t.Context(), &sqs.SendMessageInput{QueueUrl: queue, MessageBody: aws.String("hello")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.MessageId) == "" {
		t.Error("no MessageId")
	}
	if r := srv.Requests()[0]; r.Service != "SQS" || r.Operation != "SendMessage" {
		t.Errorf("recorded %s.%s, want SQS.SendMessage", r.Service, r.Operation)
	}

	srv.FailNext("SQS", "SendMessage", 1, fakeaws.Error{Code: "QueueDoesNotExist", Message: "The specified queue does not exist."})
	_, err = c.SendMessage(t.Context(), &sqs.SendMessageInput{QueueUrl: queue, MessageBody: aws.String("hello")})
	var qdne *sqstypes.QueueDoesNotExist
	if !errors.As(err, &qdne) {
		t.Errorf("err = %v (%T), want a *types.QueueDoesNotExist", err, err)
	}
	wantAPIError(t, err, "QueueDoesNotExist", "The specified queue does not exist.")

	srv.FailNext("SQS", "SendMessage", 1, fakeaws.Error{Code: "RequestThrottled", Message: "Request is throttled."})
	if _, err := c.SendMessage(t.Context(), &sqs.SendMessageInput{QueueUrl: queue, MessageBody: aws.String("again")}); err != nil {
		t.Errorf("after a throttle: %v", err)
	}
}

func TestKinesis(t *testing.T) {
	srv := fakeaws.New(t)
	c := kinesis.NewFromConfig(sdkConfig(t), func(o *kinesis.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	in := &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("data")}

	out, err := c.PutRecord(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.ShardId) != "shardId-000000000000" || aws.ToString(out.SequenceNumber) == "" {
		t.Errorf("PutRecord = %+v, want a shard and a sequence number", out)
	}
	if got := srv.Requests()[0].Header.Get("Content-Type"); got != "application/x-amz-json-1.1" {
		t.Errorf("Content-Type %q, want awsJson1_1", got)
	}

	srv.FailNext("Kinesis", "PutRecord", 1, fakeaws.Error{Code: "ProvisionedThroughputExceededException", Message: "Rate exceeded for shard"})
	if _, err := c.PutRecord(t.Context(), in); err != nil {
		t.Errorf("after a throttle: %v", err)
	}
	srv.FailAlways("Kinesis", "PutRecord", fakeaws.Error{Code: "ResourceNotFoundException", Message: "Stream s not found."})
	_, err = c.PutRecord(t.Context(), in)
	wantAPIError(t, err, "ResourceNotFoundException", "Stream s not found.")
	if got, want := srv.Count("Kinesis", "PutRecord"), 4; got != want {
		t.Errorf("Count = %d, want %d", got, want)
	}
	if last := srv.Requests()[srv.Total()-1]; last.Status != http.StatusBadRequest {
		t.Errorf("status %d, want 400", last.Status)
	}
}
