package otelhook

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/internal/query"
)

// inputAttributes records in c the resource an SDK operation input names:
// the S3 bucket and key, the DynamoDB tables, the SQS queue URL, the SNS
// topic ARN, the Kinesis stream or the Lambda function. It reads the input
// struct's exported fields by name (Bucket, Key, TableName, RequestItems,
// QueueUrl, TopicArn, StreamName, StreamARN, FunctionName) through
// reflection, with the field indexes cached per input type, so that otelhook
// need not import (and every program using it link) the service packages.
// Services without such attributes cost a switch.
func inputAttributes(c *apicall.Call, params any, cfg config) {
	switch c.Service {
	case "S3", "DynamoDB", "SQS", "SNS", "Kinesis", "Lambda":
	default:
		return
	}
	v := reflect.ValueOf(params)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return
	}
	v = v.Elem()
	if v.Kind() != reflect.Struct {
		return
	}
	f := fieldsOf(v.Type())
	switch c.Service {
	case "S3":
		c.S3Bucket = stringField(v, f.bucket)
		if !cfg.noS3Keys {
			c.S3Key = stringField(v, f.key)
		}
	case "DynamoDB":
		if t := stringField(v, f.tableName); t != "" {
			c.DynamoDBTables = t
		} else if f.requestItems >= 0 {
			c.DynamoDBTables = mapKeys(v.Field(f.requestItems))
		}
	case "SQS":
		c.SQSQueueURL = stringField(v, f.queueURL)
	case "SNS":
		c.SNSTopicARN = stringField(v, f.topicARN)
	case "Kinesis":
		c.KinesisStream = stringField(v, f.streamName)
		if c.KinesisStream == "" {
			// arn:aws:kinesis:REGION:ACCOUNT:stream/NAME
			if arn := stringField(v, f.streamARN); strings.HasPrefix(arn, "arn:") {
				if i := strings.LastIndex(arn, ":stream/"); i >= 0 {
					c.KinesisStream = arn[i+len(":stream/"):]
				}
			}
		}
	case "Lambda":
		c.LambdaFunction = lambdaName(stringField(v, f.functionName))
	}
}

// lambdaName returns the function name of a Lambda FunctionName parameter:
// a name, a full ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER])
// or a partial one (ACCOUNT:function:NAME).
func lambdaName(s string) string {
	if i := strings.Index(s, "function:"); i >= 0 && (i == 0 || s[i-1] == ':') {
		s = s[i+len("function:"):]
		if j := strings.IndexByte(s, ':'); j >= 0 {
			s = s[:j]
		}
	}
	return s
}

// inputFields holds the indexes of an input struct's resource fields, -1
// for those it lacks.
type inputFields struct {
	bucket, key, tableName, requestItems, queueURL, topicARN, streamName, streamARN, functionName int
}

// inputFieldCache maps an input struct type to its inputFields.
var inputFieldCache sync.Map // reflect.Type → *inputFields

// fieldsOf returns the resource field indexes of struct type t.
func fieldsOf(t reflect.Type) *inputFields {
	if f, ok := inputFieldCache.Load(t); ok {
		return f.(*inputFields)
	}
	f := &inputFields{
		bucket: stringFieldIndex(t, "Bucket"), key: stringFieldIndex(t, "Key"),
		tableName: stringFieldIndex(t, "TableName"), requestItems: -1,
		queueURL: stringFieldIndex(t, "QueueUrl"), topicARN: stringFieldIndex(t, "TopicArn"),
		streamName: stringFieldIndex(t, "StreamName"), streamARN: stringFieldIndex(t, "StreamARN"),
		functionName: stringFieldIndex(t, "FunctionName"),
	}
	if sf, ok := t.FieldByName("RequestItems"); ok && len(sf.Index) == 1 &&
		sf.Type.Kind() == reflect.Map && sf.Type.Key().Kind() == reflect.String {
		f.requestItems = sf.Index[0]
	}
	actual, _ := inputFieldCache.LoadOrStore(t, f)
	return actual.(*inputFields)
}

// stringFieldIndex returns the index of t's field name when it is a string
// or a *string, else -1.
func stringFieldIndex(t reflect.Type, name string) int {
	sf, ok := t.FieldByName(name)
	if !ok || len(sf.Index) != 1 {
		return -1
	}
	ft := sf.Type
	if ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	if ft.Kind() != reflect.String {
		return -1
	}
	return sf.Index[0]
}

// stringField returns the value of v's string or *string field i ("" when
// i is -1 or the pointer nil), as valid UTF-8.
func stringField(v reflect.Value, i int) string {
	if i < 0 {
		return ""
	}
	fv := v.Field(i)
	if fv.Kind() == reflect.Pointer {
		if fv.IsNil() {
			return ""
		}
		fv = fv.Elem()
	}
	return validUTF8(fv.String())
}

// mapKeys returns the keys of a map with string keys, sorted and joined
// with commas; "" when it has none.
func mapKeys(m reflect.Value) string {
	if m.Len() == 0 {
		return ""
	}
	keys := make([]string, 0, m.Len())
	for it := m.MapRange(); it.Next(); {
		keys = append(keys, validUTF8(it.Key().String()))
	}
	slices.Sort(keys)
	return strings.Join(keys, ",")
}

// validUTF8 returns s, with invalid bytes replaced when it has any.
func validUTF8(s string) string {
	if !utf8.ValidString(s) {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// requestAttributes records in c the resource a request made through the
// Transport alone names: the S3 bucket and key of its URL (virtual-hosted
// on *.amazonaws.com hosts, else path-style); an SNS TopicArn or SQS
// QueueUrl parameter of the query string or of the form body; and, from
// the JSON body of the current SQS and DynamoDB protocols, the QueueUrl or
// the TableName, else the tables of RequestItems. body is the request body
// when the stage read it whole (readBody), else nil. It allocates only for
// a percent-encoded or escaped value and the DynamoDB table list.
func requestAttributes(c *apicall.Call, r *http.Request, body []byte, cfg config) {
	switch c.Service {
	case "S3":
		host, path := r.URL.Host, strings.TrimPrefix(r.URL.Path, "/")
		var bucket, key string
		if isS3Host(host) && hasVirtualBucket(host) {
			h := strings.ToLower(hostname(host))
			i := strings.Index(h, ".s3.")
			if j := strings.Index(h, ".s3-"); i < 0 || (j >= 0 && j < i) {
				i = j
			}
			bucket, key = hostname(host)[:i], path
		} else {
			bucket, key, _ = strings.Cut(path, "/")
		}
		c.S3Bucket = validUTF8(bucket)
		if !cfg.noS3Keys {
			c.S3Key = validUTF8(key)
		}
	case "SNS":
		c.SNSTopicARN = paramValue(r, body, "TopicArn")
	case "SQS":
		c.SQSQueueURL = paramValue(r, body, "QueueUrl")
		if c.SQSQueueURL == "" && len(body) > 0 && body[0] == '{' {
			c.SQSQueueURL = jsonString(jsonMember(body, "QueueUrl"))
		}
	case "DynamoDB":
		if len(body) == 0 || body[0] != '{' {
			return
		}
		c.DynamoDBTables = jsonString(jsonMember(body, "TableName"))
		if c.DynamoDBTables == "" {
			c.DynamoDBTables = jsonKeys(jsonMember(body, "RequestItems"))
		}
	}
}

// paramValue returns the decoded value of key in r's query string, else in
// body when it is a form body, or "".
func paramValue(r *http.Request, body []byte, key string) string {
	if v := queryValue(r.URL.RawQuery, key); v != "" {
		return v
	}
	if len(body) > 0 && hasContentType(r, "application/x-www-form-urlencoded") {
		v, ok := query.Get(body, key)
		if !ok {
			return ""
		}
		u, err := query.Unescape(v)
		if err != nil {
			return ""
		}
		return validUTF8(string(u))
	}
	return ""
}

// queryValue returns the decoded value of key in an encoded query, or "".
func queryValue(q, key string) string {
	v, ok := query.Get(q, key)
	if !ok {
		return ""
	}
	if query.Escaped(v) {
		u, err := query.Unescape(v)
		if err != nil {
			return ""
		}
		v = u
	}
	return validUTF8(v)
}
