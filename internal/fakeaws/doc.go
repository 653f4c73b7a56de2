// Package fakeaws is a fake AWS endpoint for tests and examples: a real
// net/http server on a loopback port that answers aws-sdk-go-v2 clients
// (pointed at it with BaseEndpoint, and UsePathStyle for S3) in the formats
// AWS answers with: the headers, documents and status codes the SDK's
// deserializers read.
//
// It speaks the protocols the SDK's services use:
//
//   - EC2's query protocol: a form body with Action=..., XML in the
//     2016-11-15 namespace, the request ID in the x-amzn-RequestId header and
//     in the body, and EC2's error document
//     <Response><Errors><Error>...</Errors><RequestID>...</RequestID></Response>;
//   - the generic query protocol of STS, SNS and the older SQS, with
//     <ErrorResponse><Error><Type>Sender</Type>... errors;
//   - the JSON protocols picked by X-Amz-Target (DynamoDB, SQS, Kinesis),
//     with errors in the x-amzn-ErrorType header and a {"__type", "message"}
//     body;
//   - REST: S3 (path-style /bucket/key, or virtual-host style) with S3's
//     <Error> document and x-amz-request-id / x-amz-id-2 headers, and Lambda's
//     Invoke.
//
// Each request is named by service and operation ("EC2", "DescribeVolumes";
// "S3", "GetObject"; see Request). Every operation can be given a Handler or
// a canned Response (Server.Handle, Server.Respond), made to fail always or
// for its next n requests (Server.FailAlways, Server.FailNext: the way to
// throttle a caller), and the common operations have default answers the SDK
// deserializes without error. Everything the Server answered is recorded
// (Server.Requests, Server.Count).
//
// Tests call New, which starts a Server and closes it when the test ends;
// programs call Start and Close.
package fakeaws
