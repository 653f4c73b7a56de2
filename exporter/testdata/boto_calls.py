# Makes the EC2 calls of TestBotoParity with boto 2 (Debian's python3-boto)
# and logs them with boto's own RequestLogger.
#
# usage: python3 boto_calls.py PORT LOGFILE
import os
import queue
import sys
import time

sys.modules['Queue'] = queue  # boto 2's requestlog imports the Python 2 name

import boto
from boto.ec2.connection import EC2Connection
from boto.exception import BotoServerError
from boto.regioninfo import RegionInfo
from boto.requestlog import RequestLogger

time.sleep = lambda s: None  # no back-off between boto's retries

port, logfile = int(sys.argv[1]), sys.argv[2]
if not boto.config.has_section('Boto'):
    boto.config.add_section('Boto')
boto.config.set('Boto', 'num_retries', '2')  # 3 attempts, as aws-sdk-go-v2's standard retryer

conn = EC2Connection('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
                     region=RegionInfo(name='us-west-2', endpoint='127.0.0.1'),
                     port=port, is_secure=False)
logger = RequestLogger(logfile)
conn.set_request_hook(logger)

conn.get_all_volumes()
conn.get_all_zones()  # throttled once: one retried 503
try:
    conn.get_all_volumes(volume_ids=['vol-0badc0ffee0000000'])  # 400
except BotoServerError as e:
    print('expected', e.status, e.error_code)
try:
    conn.get_all_regions()  # 503 until boto gives up
except BotoServerError as e:
    print('expected', e.status)

logger.request_log_queue.join()
logger.request_log_file.close()
sys.stdout.flush()
os._exit(0)  # RequestLogger's worker thread never ends
