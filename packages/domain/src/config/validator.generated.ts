/* eslint-disable */
// @ts-nocheck
// GENERATED from config-schema.ts by ajv standalone (test/config/codegen.ts). Do not edit: run
// UPDATE_SCHEMA=1 npx vitest run test/config/schema.test.ts
export const validate = validate10;
export default validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","title":"Auto-PR Sessions configuration","description":"Configuration of the Auto-PR Sessions actions (.github/auto-pr-sessions.yml). Auto-PR pushes are grouped into sessions and each session is scored once. Every key except version is optional and takes its default.","type":"object","additionalProperties":false,"required":["version"],"properties":{"version":{"title":"Config format version","description":"Version of this file format. Must be 1.","const":1,"default":1},"scope":{"title":"Session scope","description":"branch: one session per pull request or branch (many pushes to one PR). author: one session per author across pull requests opened within timeout_minutes of each other. Explicit Session-Id trailers win over both.","enum":["branch","author"],"default":"branch"},"timeout_minutes":{"title":"Idle timeout (minutes)","description":"A session with no push for this long is complete (when enable_timeout_completion is on).","type":"integer","minimum":5,"maximum":120,"default":30},"idle_warning_minutes":{"title":"Idle warning (minutes)","description":"A session with no push for this long is shown as idle-warning. Must be lower than timeout_minutes.","type":"integer","minimum":1,"default":15},"auto_pr_patterns":{"title":"Auto-PR patterns","description":"Regular expressions (JavaScript syntax, matched case-insensitively, per line) on PR titles, bodies and commit messages; a match makes the push part of a session. Patterns that can backtrack catastrophically are refused. Setting this list replaces the defaults.","type":"array","maxItems":50,"items":{"title":"Auto-PR pattern","description":"A JavaScript regular expression of at most 256 characters, e.g. ^wip:","type":"string","minLength":1,"maxLength":256},"default":["^auto-pr:","^wip:","^\\[auto\\]","^checkpoint:","^cursor-session","^🤖"]},"completion_markers":{"title":"Completion markers","description":"Words or tokens in a PR title or body that complete the session. Matched as whole words or tokens, any case (\"complete\" does not match \"Completed\"). Setting this list replaces the defaults.","type":"array","maxItems":50,"items":{"title":"Completion marker","description":"A word, phrase or token such as [session-complete]; not blank.","type":"string","minLength":1,"maxLength":100,"pattern":"\\S"},"default":["ready for review","ready to review","complete","final pr","[session-complete]","[ready]","done with session","finished","✅"]},"min_files_for_manual":{"title":"Minimum files for a manual PR","description":"With enable_heuristic_detection, a PR touching fewer files than this and naming no test/fix/feature/doc keyword counts as an auto-PR.","type":"integer","minimum":1,"maximum":1000,"default":5},"enable_timeout_completion":{"title":"Complete on idle timeout","description":"Complete a session after timeout_minutes without a push.","type":"boolean","default":true},"enable_heuristic_completion":{"title":"Complete on heuristic","description":"Complete a session when a push adds both tests and docs (the original tests+docs heuristic).","type":"boolean","default":false},"enable_heuristic_detection":{"title":"Detect auto-PRs by size","description":"Treat small PRs (fewer files than min_files_for_manual, no manual keyword) as auto-PRs.","type":"boolean","default":false},"non_auto_prs":{"title":"Non-auto pull requests","description":"score-each-push: PRs that are not auto-PRs are scored on every push, as without the suite. session: they are grouped into sessions too.","enum":["score-each-push","session"],"default":"score-each-push"},"complete_command":{"title":"Complete command","description":"PR comment that completes the session, e.g. /complete-session: \"/\" then letters, digits, \"-\" or \"_\".","type":"string","pattern":"^/[A-Za-z0-9][A-Za-z0-9_-]{0,63}$","default":"/complete-session"},"orphan_hours":{"title":"Orphan cleanup (hours)","description":"The health sweep ends sessions with no activity for this long (it scores or closes them visibly).","type":"integer","minimum":1,"maximum":720,"default":24},"handoff_retry_minutes":{"title":"Hand-off retry (minutes)","description":"A scoring hand-off with no score after this long is handed out again.","type":"integer","minimum":5,"maximum":1440,"default":60},"triggers":{"title":"Completion triggers","description":"Which signals complete a session (and so start its one scoring run). Keys left out keep their default; markers in PR titles and bodies (completion_markers) and the idle timeout are configured at the top level.","type":"object","additionalProperties":false,"default":{"complete_command":true,"ready_for_review":true,"merged":true,"closed":true,"dispatch":true,"max_duration_minutes":480,"max_pushes":0},"properties":{"complete_command":{"title":"Complete command","description":"Complete the session when a user with write access comments the complete_command on the PR.","type":"boolean","default":true},"ready_for_review":{"title":"Ready for review","description":"Complete the session when its draft pull request is marked ready for review.","type":"boolean","default":true},"merged":{"title":"Merged","description":"Complete the session when its pull request is merged.","type":"boolean","default":true},"closed":{"title":"Closed","description":"Complete the session when its pull request is closed without merging.","type":"boolean","default":true},"dispatch":{"title":"Workflow dispatch","description":"Allow completing a session explicitly through workflow_dispatch (for agents and daemons).","type":"boolean","default":true},"max_duration_minutes":{"title":"Maximum duration (minutes)","description":"Complete a session this many minutes after its first push, even if pushes keep coming. 0 turns it off.","type":"integer","minimum":0,"maximum":10080,"default":480},"max_pushes":{"title":"Maximum pushes","description":"Complete a session after this many pushes. 0 turns it off.","type":"integer","minimum":0,"maximum":10000,"default":0}}}}};
const func2 = Object.prototype.hasOwnProperty;
const func3 = ((s) => { let n = 0; for (const _ of s) n++; return n; });
const pattern0 = new RegExp("\\S", "u");
const pattern1 = new RegExp("^/[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", "u");

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.version === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.version !== undefined){
let data0 = data.version;
if(1 !== data0){
const err2 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant",schema:1,parentSchema:schema11.properties.version,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.scope !== undefined){
let data1 = data.scope;
if(!((data1 === "branch") || (data1 === "author"))){
const err3 = {instancePath:instancePath+"/scope",schemaPath:"#/properties/scope/enum",keyword:"enum",params:{allowedValues: schema11.properties.scope.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.scope.enum,parentSchema:schema11.properties.scope,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.timeout_minutes !== undefined){
let data2 = data.timeout_minutes;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
const err4 = {instancePath:instancePath+"/timeout_minutes",schemaPath:"#/properties/timeout_minutes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.timeout_minutes.type,parentSchema:schema11.properties.timeout_minutes,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 > 120 || isNaN(data2)){
const err5 = {instancePath:instancePath+"/timeout_minutes",schemaPath:"#/properties/timeout_minutes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 120},message:"must be <= 120",schema:120,parentSchema:schema11.properties.timeout_minutes,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data2 < 5 || isNaN(data2)){
const err6 = {instancePath:instancePath+"/timeout_minutes",schemaPath:"#/properties/timeout_minutes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 5},message:"must be >= 5",schema:5,parentSchema:schema11.properties.timeout_minutes,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
if(data.idle_warning_minutes !== undefined){
let data3 = data.idle_warning_minutes;
if(!(((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3))) && (isFinite(data3)))){
const err7 = {instancePath:instancePath+"/idle_warning_minutes",schemaPath:"#/properties/idle_warning_minutes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.idle_warning_minutes.type,parentSchema:schema11.properties.idle_warning_minutes,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if((typeof data3 == "number") && (isFinite(data3))){
if(data3 < 1 || isNaN(data3)){
const err8 = {instancePath:instancePath+"/idle_warning_minutes",schemaPath:"#/properties/idle_warning_minutes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.idle_warning_minutes,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
if(data.auto_pr_patterns !== undefined){
let data4 = data.auto_pr_patterns;
if(Array.isArray(data4)){
if(data4.length > 50){
const err9 = {instancePath:instancePath+"/auto_pr_patterns",schemaPath:"#/properties/auto_pr_patterns/maxItems",keyword:"maxItems",params:{limit: 50},message:"must NOT have more than 50 items",schema:50,parentSchema:schema11.properties.auto_pr_patterns,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
let data5 = data4[i0];
if(typeof data5 === "string"){
if(func3(data5) > 256){
const err10 = {instancePath:instancePath+"/auto_pr_patterns/" + i0,schemaPath:"#/properties/auto_pr_patterns/items/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters",schema:256,parentSchema:schema11.properties.auto_pr_patterns.items,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(func3(data5) < 1){
const err11 = {instancePath:instancePath+"/auto_pr_patterns/" + i0,schemaPath:"#/properties/auto_pr_patterns/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.auto_pr_patterns.items,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/auto_pr_patterns/" + i0,schemaPath:"#/properties/auto_pr_patterns/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.auto_pr_patterns.items.type,parentSchema:schema11.properties.auto_pr_patterns.items,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
else {
const err13 = {instancePath:instancePath+"/auto_pr_patterns",schemaPath:"#/properties/auto_pr_patterns/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.auto_pr_patterns.type,parentSchema:schema11.properties.auto_pr_patterns,data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.completion_markers !== undefined){
let data6 = data.completion_markers;
if(Array.isArray(data6)){
if(data6.length > 50){
const err14 = {instancePath:instancePath+"/completion_markers",schemaPath:"#/properties/completion_markers/maxItems",keyword:"maxItems",params:{limit: 50},message:"must NOT have more than 50 items",schema:50,parentSchema:schema11.properties.completion_markers,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
const len1 = data6.length;
for(let i1=0; i1<len1; i1++){
let data7 = data6[i1];
if(typeof data7 === "string"){
if(func3(data7) > 100){
const err15 = {instancePath:instancePath+"/completion_markers/" + i1,schemaPath:"#/properties/completion_markers/items/maxLength",keyword:"maxLength",params:{limit: 100},message:"must NOT have more than 100 characters",schema:100,parentSchema:schema11.properties.completion_markers.items,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(func3(data7) < 1){
const err16 = {instancePath:instancePath+"/completion_markers/" + i1,schemaPath:"#/properties/completion_markers/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.completion_markers.items,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(!pattern0.test(data7)){
const err17 = {instancePath:instancePath+"/completion_markers/" + i1,schemaPath:"#/properties/completion_markers/items/pattern",keyword:"pattern",params:{pattern: "\\S"},message:"must match pattern \""+"\\S"+"\"",schema:"\\S",parentSchema:schema11.properties.completion_markers.items,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
else {
const err18 = {instancePath:instancePath+"/completion_markers/" + i1,schemaPath:"#/properties/completion_markers/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.completion_markers.items.type,parentSchema:schema11.properties.completion_markers.items,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath:instancePath+"/completion_markers",schemaPath:"#/properties/completion_markers/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.completion_markers.type,parentSchema:schema11.properties.completion_markers,data:data6};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.min_files_for_manual !== undefined){
let data8 = data.min_files_for_manual;
if(!(((typeof data8 == "number") && (!(data8 % 1) && !isNaN(data8))) && (isFinite(data8)))){
const err20 = {instancePath:instancePath+"/min_files_for_manual",schemaPath:"#/properties/min_files_for_manual/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.min_files_for_manual.type,parentSchema:schema11.properties.min_files_for_manual,data:data8};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if((typeof data8 == "number") && (isFinite(data8))){
if(data8 > 1000 || isNaN(data8)){
const err21 = {instancePath:instancePath+"/min_files_for_manual",schemaPath:"#/properties/min_files_for_manual/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema11.properties.min_files_for_manual,data:data8};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if(data8 < 1 || isNaN(data8)){
const err22 = {instancePath:instancePath+"/min_files_for_manual",schemaPath:"#/properties/min_files_for_manual/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.min_files_for_manual,data:data8};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
}
if(data.enable_timeout_completion !== undefined){
let data9 = data.enable_timeout_completion;
if(typeof data9 !== "boolean"){
const err23 = {instancePath:instancePath+"/enable_timeout_completion",schemaPath:"#/properties/enable_timeout_completion/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.enable_timeout_completion.type,parentSchema:schema11.properties.enable_timeout_completion,data:data9};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data.enable_heuristic_completion !== undefined){
let data10 = data.enable_heuristic_completion;
if(typeof data10 !== "boolean"){
const err24 = {instancePath:instancePath+"/enable_heuristic_completion",schemaPath:"#/properties/enable_heuristic_completion/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.enable_heuristic_completion.type,parentSchema:schema11.properties.enable_heuristic_completion,data:data10};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data.enable_heuristic_detection !== undefined){
let data11 = data.enable_heuristic_detection;
if(typeof data11 !== "boolean"){
const err25 = {instancePath:instancePath+"/enable_heuristic_detection",schemaPath:"#/properties/enable_heuristic_detection/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.enable_heuristic_detection.type,parentSchema:schema11.properties.enable_heuristic_detection,data:data11};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.non_auto_prs !== undefined){
let data12 = data.non_auto_prs;
if(!((data12 === "score-each-push") || (data12 === "session"))){
const err26 = {instancePath:instancePath+"/non_auto_prs",schemaPath:"#/properties/non_auto_prs/enum",keyword:"enum",params:{allowedValues: schema11.properties.non_auto_prs.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.non_auto_prs.enum,parentSchema:schema11.properties.non_auto_prs,data:data12};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.complete_command !== undefined){
let data13 = data.complete_command;
if(typeof data13 === "string"){
if(!pattern1.test(data13)){
const err27 = {instancePath:instancePath+"/complete_command",schemaPath:"#/properties/complete_command/pattern",keyword:"pattern",params:{pattern: "^/[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"},message:"must match pattern \""+"^/[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"+"\"",schema:"^/[A-Za-z0-9][A-Za-z0-9_-]{0,63}$",parentSchema:schema11.properties.complete_command,data:data13};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/complete_command",schemaPath:"#/properties/complete_command/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.complete_command.type,parentSchema:schema11.properties.complete_command,data:data13};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data.orphan_hours !== undefined){
let data14 = data.orphan_hours;
if(!(((typeof data14 == "number") && (!(data14 % 1) && !isNaN(data14))) && (isFinite(data14)))){
const err29 = {instancePath:instancePath+"/orphan_hours",schemaPath:"#/properties/orphan_hours/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.orphan_hours.type,parentSchema:schema11.properties.orphan_hours,data:data14};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if((typeof data14 == "number") && (isFinite(data14))){
if(data14 > 720 || isNaN(data14)){
const err30 = {instancePath:instancePath+"/orphan_hours",schemaPath:"#/properties/orphan_hours/maximum",keyword:"maximum",params:{comparison: "<=", limit: 720},message:"must be <= 720",schema:720,parentSchema:schema11.properties.orphan_hours,data:data14};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(data14 < 1 || isNaN(data14)){
const err31 = {instancePath:instancePath+"/orphan_hours",schemaPath:"#/properties/orphan_hours/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.orphan_hours,data:data14};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
}
if(data.handoff_retry_minutes !== undefined){
let data15 = data.handoff_retry_minutes;
if(!(((typeof data15 == "number") && (!(data15 % 1) && !isNaN(data15))) && (isFinite(data15)))){
const err32 = {instancePath:instancePath+"/handoff_retry_minutes",schemaPath:"#/properties/handoff_retry_minutes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.handoff_retry_minutes.type,parentSchema:schema11.properties.handoff_retry_minutes,data:data15};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if((typeof data15 == "number") && (isFinite(data15))){
if(data15 > 1440 || isNaN(data15)){
const err33 = {instancePath:instancePath+"/handoff_retry_minutes",schemaPath:"#/properties/handoff_retry_minutes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1440},message:"must be <= 1440",schema:1440,parentSchema:schema11.properties.handoff_retry_minutes,data:data15};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if(data15 < 5 || isNaN(data15)){
const err34 = {instancePath:instancePath+"/handoff_retry_minutes",schemaPath:"#/properties/handoff_retry_minutes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 5},message:"must be >= 5",schema:5,parentSchema:schema11.properties.handoff_retry_minutes,data:data15};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
}
if(data.triggers !== undefined){
let data16 = data.triggers;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
for(const key1 in data16){
if(!(((((((key1 === "complete_command") || (key1 === "ready_for_review")) || (key1 === "merged")) || (key1 === "closed")) || (key1 === "dispatch")) || (key1 === "max_duration_minutes")) || (key1 === "max_pushes"))){
const err35 = {instancePath:instancePath+"/triggers",schemaPath:"#/properties/triggers/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.triggers,data:data16};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data16.complete_command !== undefined){
let data17 = data16.complete_command;
if(typeof data17 !== "boolean"){
const err36 = {instancePath:instancePath+"/triggers/complete_command",schemaPath:"#/properties/triggers/properties/complete_command/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.triggers.properties.complete_command.type,parentSchema:schema11.properties.triggers.properties.complete_command,data:data17};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data16.ready_for_review !== undefined){
let data18 = data16.ready_for_review;
if(typeof data18 !== "boolean"){
const err37 = {instancePath:instancePath+"/triggers/ready_for_review",schemaPath:"#/properties/triggers/properties/ready_for_review/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.triggers.properties.ready_for_review.type,parentSchema:schema11.properties.triggers.properties.ready_for_review,data:data18};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data16.merged !== undefined){
let data19 = data16.merged;
if(typeof data19 !== "boolean"){
const err38 = {instancePath:instancePath+"/triggers/merged",schemaPath:"#/properties/triggers/properties/merged/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.triggers.properties.merged.type,parentSchema:schema11.properties.triggers.properties.merged,data:data19};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data16.closed !== undefined){
let data20 = data16.closed;
if(typeof data20 !== "boolean"){
const err39 = {instancePath:instancePath+"/triggers/closed",schemaPath:"#/properties/triggers/properties/closed/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.triggers.properties.closed.type,parentSchema:schema11.properties.triggers.properties.closed,data:data20};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data16.dispatch !== undefined){
let data21 = data16.dispatch;
if(typeof data21 !== "boolean"){
const err40 = {instancePath:instancePath+"/triggers/dispatch",schemaPath:"#/properties/triggers/properties/dispatch/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.triggers.properties.dispatch.type,parentSchema:schema11.properties.triggers.properties.dispatch,data:data21};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data16.max_duration_minutes !== undefined){
let data22 = data16.max_duration_minutes;
if(!(((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22))) && (isFinite(data22)))){
const err41 = {instancePath:instancePath+"/triggers/max_duration_minutes",schemaPath:"#/properties/triggers/properties/max_duration_minutes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.triggers.properties.max_duration_minutes.type,parentSchema:schema11.properties.triggers.properties.max_duration_minutes,data:data22};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 > 10080 || isNaN(data22)){
const err42 = {instancePath:instancePath+"/triggers/max_duration_minutes",schemaPath:"#/properties/triggers/properties/max_duration_minutes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10080},message:"must be <= 10080",schema:10080,parentSchema:schema11.properties.triggers.properties.max_duration_minutes,data:data22};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(data22 < 0 || isNaN(data22)){
const err43 = {instancePath:instancePath+"/triggers/max_duration_minutes",schemaPath:"#/properties/triggers/properties/max_duration_minutes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.triggers.properties.max_duration_minutes,data:data22};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
}
if(data16.max_pushes !== undefined){
let data23 = data16.max_pushes;
if(!(((typeof data23 == "number") && (!(data23 % 1) && !isNaN(data23))) && (isFinite(data23)))){
const err44 = {instancePath:instancePath+"/triggers/max_pushes",schemaPath:"#/properties/triggers/properties/max_pushes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.triggers.properties.max_pushes.type,parentSchema:schema11.properties.triggers.properties.max_pushes,data:data23};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
if((typeof data23 == "number") && (isFinite(data23))){
if(data23 > 10000 || isNaN(data23)){
const err45 = {instancePath:instancePath+"/triggers/max_pushes",schemaPath:"#/properties/triggers/properties/max_pushes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000},message:"must be <= 10000",schema:10000,parentSchema:schema11.properties.triggers.properties.max_pushes,data:data23};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
if(data23 < 0 || isNaN(data23)){
const err46 = {instancePath:instancePath+"/triggers/max_pushes",schemaPath:"#/properties/triggers/properties/max_pushes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.triggers.properties.max_pushes,data:data23};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
}
}
else {
const err47 = {instancePath:instancePath+"/triggers",schemaPath:"#/properties/triggers/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.triggers.type,parentSchema:schema11.properties.triggers,data:data16};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
else {
const err48 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

