package otelhook

import "strings"

// serviceIDs maps SigV4 signing names to the service IDs aws-sdk-go-v2 uses,
// for the services whose two differ by more than case.
var serviceIDs = map[string]string{
	"acm":                  "ACM",
	"apigateway":           "API Gateway",
	"athena":               "Athena",
	"autoscaling":          "Auto Scaling",
	"cloudformation":       "CloudFormation",
	"cloudfront":           "CloudFront",
	"cloudtrail":           "CloudTrail",
	"codebuild":            "CodeBuild",
	"cognito-idp":          "Cognito Identity Provider",
	"dynamodb":             "DynamoDB",
	"ec2":                  "EC2",
	"ecr":                  "ECR",
	"ecs":                  "ECS",
	"eks":                  "EKS",
	"elasticache":          "ElastiCache",
	"elasticloadbalancing": "Elastic Load Balancing v2",
	"events":               "EventBridge",
	"firehose":             "Firehose",
	"glue":                 "Glue",
	"iam":                  "IAM",
	"kinesis":              "Kinesis",
	"kms":                  "KMS",
	"lambda":               "Lambda",
	"logs":                 "CloudWatch Logs",
	"monitoring":           "CloudWatch",
	"rds":                  "RDS",
	"route53":              "Route 53",
	"s3":                   "S3",
	"secretsmanager":       "Secrets Manager",
	"ses":                  "SES",
	"sns":                  "SNS",
	"sqs":                  "SQS",
	"ssm":                  "SSM",
	"states":               "SFN",
	"sts":                  "STS",
}

// serviceName returns the service ID for a SigV4 signing name; an unknown
// signing name is returned as it is.
func serviceName(signingName string) string {
	if id, ok := serviceIDs[signingName]; ok {
		return id
	}
	return signingName
}

// hostService returns the signing name implied by an AWS endpoint host name
// ("ec2.us-west-2.amazonaws.com" gives "ec2"), or "" for other hosts and for
// S3's bucket-in-host names.
func hostService(host string) string {
	host = hostname(host)
	if !isAWSHost(host) {
		return ""
	}
	host = strings.ToLower(host)
	if isS3Host(host) {
		return "s3"
	}
	label, _, _ := strings.Cut(host, ".")
	if !validName(label) {
		return ""
	}
	return label
}

// isAWSHost reports whether host (without port) ends in .amazonaws.com or
// .amazonaws.com.cn, in any case, without allocating.
func isAWSHost(host string) bool {
	for _, suffix := range [...]string{".amazonaws.com", ".amazonaws.com.cn"} {
		if len(host) > len(suffix) && strings.EqualFold(host[len(host)-len(suffix):], suffix) {
			return true
		}
	}
	return false
}

// hostname returns host without its port, if it has one ("[::1]:80" gives
// "[::1]").
func hostname(host string) string {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		return host[:i]
	}
	return host
}
