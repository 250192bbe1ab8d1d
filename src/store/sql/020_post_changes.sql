-- Version 20: the member edits that gave a member a committee post (书记, 副书记, 委员) or took
-- their last one, by date: heart_talk asks who held a post on a talk's day, and reads these few
-- rows instead of parsing every member edit the change log holds (its JSON is always valid:
-- the table checks it). The condition is the query's own (store/evaluation.rs post_history).
CREATE INDEX change_log_member_posts ON change_log(at)
    WHERE tbl = 'member' AND action = 'update'
      AND (coalesce(json_array_length(before, '$.posts'), 0) > 0) <> (coalesce(json_array_length(after, '$.posts'), 0) > 0);
