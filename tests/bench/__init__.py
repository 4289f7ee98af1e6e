"""`make bench`: the app's speed as ratios to a bare Flask app, measured with wrk on 127.0.0.1."""
