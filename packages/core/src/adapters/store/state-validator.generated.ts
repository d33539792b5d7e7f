/* eslint-disable */
// @ts-nocheck
// GENERATED from state-schema.ts by ajv standalone (test/trust/codegen.ts). Do not edit: run
// UPDATE_SCHEMA=1 npx vitest run test/trust/state-schema.test.ts
export const validate = validate10;
export default validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://auto-pr-sessions.dev/schema/state.schema.json","title":"Auto-PR Sessions stream state","description":"One snapshot of a stream (branch, author, explicit id or fork pull request): the set of its events and the runs folded into it.","type":"object","additionalProperties":false,"required":["version","streamKey","events"],"properties":{"version":{"title":"Snapshot format","const":1},"streamKey":{"title":"Stream key","type":"string","minLength":1,"maxLength":512},"events":{"title":"Events","type":"array","maxItems":10000,"items":{"title":"Session event","type":"object","additionalProperties":false,"required":["id","kind","at","repo","author","actor","branch","prNumber","headSha","title","body","commits","draft","association","inputs","sessionId","fork"],"properties":{"id":{"title":"Event id","type":"string","minLength":1,"maxLength":512},"kind":{"title":"Event kind","enum":["push","pr_opened","pr_synchronize","pr_reopened","pr_edited","pr_ready_for_review","pr_converted_to_draft","pr_closed","pr_merged","complete_command","dispatch","schedule","score_requested","scored","abandoned"]},"at":{"title":"When (UTC)","type":"string","pattern":"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$"},"repo":{"title":"owner/name","type":"string","maxLength":256},"author":{"title":"Author login","type":"string","maxLength":256},"actor":{"title":"Actor login","type":"string","maxLength":256},"branch":{"title":"Head branch","type":["string","null"],"maxLength":1024},"prNumber":{"title":"Pull request number","type":["integer","null"],"minimum":0},"headSha":{"title":"Head commit","type":["string","null"],"maxLength":256},"title":{"title":"Pull request title (capped)","type":["string","null"],"maxLength":1024},"body":{"title":"Pull request body (capped)","type":["string","null"],"maxLength":16384},"commits":{"title":"Commits","type":"array","maxItems":100,"items":{"title":"Commit of a push","type":"object","additionalProperties":false,"required":["sha","message","at","added","modified","removed"],"properties":{"sha":{"title":"Commit id","type":"string","maxLength":256},"message":{"title":"Commit message (capped)","type":"string","maxLength":4096},"at":{"title":"Author time (UTC) or null","type":["string","null"],"pattern":"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$"},"added":{"title":"Added paths","type":"array","maxItems":300,"items":{"type":"string","maxLength":4096}},"modified":{"title":"Modified paths","type":"array","maxItems":300,"items":{"type":"string","maxLength":4096}},"removed":{"title":"Removed paths","type":"array","maxItems":300,"items":{"type":"string","maxLength":4096}}}}},"draft":{"title":"Draft","type":["boolean","null"]},"association":{"title":"Author association","enum":["OWNER","MEMBER","COLLABORATOR","CONTRIBUTOR","FIRST_TIME_CONTRIBUTOR","FIRST_TIMER","MANNEQUIN","NONE",null]},"inputs":{"title":"Inputs and details","type":"object","maxProperties":64,"propertyNames":{"maxLength":256},"additionalProperties":{"type":"string","maxLength":4096}},"sessionId":{"title":"Session a mark is about","type":["string","null"],"maxLength":512},"fork":{"title":"From a fork","type":"boolean"},"forkRepo":{"title":"Head repository of a fork pull request","type":["object","null"],"additionalProperties":false,"required":["id","fullName"],"properties":{"id":{"type":"integer","minimum":0},"fullName":{"type":"string","maxLength":256}}}}}},"writers":{"title":"Writes folded in (<run id>-<attempt>-<cache key nonce>; <run id>-<attempt> in older snapshots)","type":"array","maxItems":2000,"items":{"type":"string","pattern":"^\\d{1,20}-\\d{1,6}(?:-[0-9a-f]{1,16})?$"}}}};
const func2 = ((s) => { let n = 0; for (const _ of s) n++; return n; });
const func4 = Object.prototype.hasOwnProperty;
const pattern0 = new RegExp("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$", "u");
const pattern2 = new RegExp("^\\d{1,20}-\\d{1,6}(?:-[0-9a-f]{1,16})?$", "u");

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://auto-pr-sessions.dev/schema/state.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.version === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.streamKey === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "streamKey"},message:"must have required property '"+"streamKey"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.events === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "events"},message:"must have required property '"+"events"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "version") || (key0 === "streamKey")) || (key0 === "events")) || (key0 === "writers"))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.version !== undefined){
if(1 !== data.version){
const err4 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.streamKey !== undefined){
let data1 = data.streamKey;
if(typeof data1 === "string"){
if(func2(data1) > 512){
const err5 = {instancePath:instancePath+"/streamKey",schemaPath:"#/properties/streamKey/maxLength",keyword:"maxLength",params:{limit: 512},message:"must NOT have more than 512 characters"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(func2(data1) < 1){
const err6 = {instancePath:instancePath+"/streamKey",schemaPath:"#/properties/streamKey/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/streamKey",schemaPath:"#/properties/streamKey/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.events !== undefined){
let data2 = data.events;
if(Array.isArray(data2)){
if(data2.length > 10000){
const err8 = {instancePath:instancePath+"/events",schemaPath:"#/properties/events/maxItems",keyword:"maxItems",params:{limit: 10000},message:"must NOT have more than 10000 items"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
const len0 = data2.length;
for(let i0=0; i0<len0; i0++){
let data3 = data2[i0];
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(data3.id === undefined){
const err9 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(data3.kind === undefined){
const err10 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data3.at === undefined){
const err11 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "at"},message:"must have required property '"+"at"+"'"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(data3.repo === undefined){
const err12 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "repo"},message:"must have required property '"+"repo"+"'"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data3.author === undefined){
const err13 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "author"},message:"must have required property '"+"author"+"'"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data3.actor === undefined){
const err14 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "actor"},message:"must have required property '"+"actor"+"'"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(data3.branch === undefined){
const err15 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "branch"},message:"must have required property '"+"branch"+"'"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data3.prNumber === undefined){
const err16 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "prNumber"},message:"must have required property '"+"prNumber"+"'"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(data3.headSha === undefined){
const err17 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "headSha"},message:"must have required property '"+"headSha"+"'"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(data3.title === undefined){
const err18 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "title"},message:"must have required property '"+"title"+"'"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data3.body === undefined){
const err19 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "body"},message:"must have required property '"+"body"+"'"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(data3.commits === undefined){
const err20 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "commits"},message:"must have required property '"+"commits"+"'"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data3.draft === undefined){
const err21 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "draft"},message:"must have required property '"+"draft"+"'"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if(data3.association === undefined){
const err22 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "association"},message:"must have required property '"+"association"+"'"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(data3.inputs === undefined){
const err23 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "inputs"},message:"must have required property '"+"inputs"+"'"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(data3.sessionId === undefined){
const err24 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "sessionId"},message:"must have required property '"+"sessionId"+"'"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(data3.fork === undefined){
const err25 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/required",keyword:"required",params:{missingProperty: "fork"},message:"must have required property '"+"fork"+"'"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
for(const key1 in data3){
if(!(func4.call(schema11.properties.events.items.properties, key1))){
const err26 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data3.id !== undefined){
let data4 = data3.id;
if(typeof data4 === "string"){
if(func2(data4) > 512){
const err27 = {instancePath:instancePath+"/events/" + i0+"/id",schemaPath:"#/properties/events/items/properties/id/maxLength",keyword:"maxLength",params:{limit: 512},message:"must NOT have more than 512 characters"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(func2(data4) < 1){
const err28 = {instancePath:instancePath+"/events/" + i0+"/id",schemaPath:"#/properties/events/items/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/events/" + i0+"/id",schemaPath:"#/properties/events/items/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data3.kind !== undefined){
let data5 = data3.kind;
if(!(((((((((((((((data5 === "push") || (data5 === "pr_opened")) || (data5 === "pr_synchronize")) || (data5 === "pr_reopened")) || (data5 === "pr_edited")) || (data5 === "pr_ready_for_review")) || (data5 === "pr_converted_to_draft")) || (data5 === "pr_closed")) || (data5 === "pr_merged")) || (data5 === "complete_command")) || (data5 === "dispatch")) || (data5 === "schedule")) || (data5 === "score_requested")) || (data5 === "scored")) || (data5 === "abandoned"))){
const err30 = {instancePath:instancePath+"/events/" + i0+"/kind",schemaPath:"#/properties/events/items/properties/kind/enum",keyword:"enum",params:{allowedValues: schema11.properties.events.items.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data3.at !== undefined){
let data6 = data3.at;
if(typeof data6 === "string"){
if(!pattern0.test(data6)){
const err31 = {instancePath:instancePath+"/events/" + i0+"/at",schemaPath:"#/properties/events/items/properties/at/pattern",keyword:"pattern",params:{pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$"},message:"must match pattern \""+"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$"+"\""};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/events/" + i0+"/at",schemaPath:"#/properties/events/items/properties/at/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data3.repo !== undefined){
let data7 = data3.repo;
if(typeof data7 === "string"){
if(func2(data7) > 256){
const err33 = {instancePath:instancePath+"/events/" + i0+"/repo",schemaPath:"#/properties/events/items/properties/repo/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/events/" + i0+"/repo",schemaPath:"#/properties/events/items/properties/repo/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data3.author !== undefined){
let data8 = data3.author;
if(typeof data8 === "string"){
if(func2(data8) > 256){
const err35 = {instancePath:instancePath+"/events/" + i0+"/author",schemaPath:"#/properties/events/items/properties/author/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/events/" + i0+"/author",schemaPath:"#/properties/events/items/properties/author/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data3.actor !== undefined){
let data9 = data3.actor;
if(typeof data9 === "string"){
if(func2(data9) > 256){
const err37 = {instancePath:instancePath+"/events/" + i0+"/actor",schemaPath:"#/properties/events/items/properties/actor/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/events/" + i0+"/actor",schemaPath:"#/properties/events/items/properties/actor/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data3.branch !== undefined){
let data10 = data3.branch;
if((typeof data10 !== "string") && (data10 !== null)){
const err39 = {instancePath:instancePath+"/events/" + i0+"/branch",schemaPath:"#/properties/events/items/properties/branch/type",keyword:"type",params:{type: schema11.properties.events.items.properties.branch.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if(typeof data10 === "string"){
if(func2(data10) > 1024){
const err40 = {instancePath:instancePath+"/events/" + i0+"/branch",schemaPath:"#/properties/events/items/properties/branch/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
if(data3.prNumber !== undefined){
let data11 = data3.prNumber;
if((!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))) && (data11 !== null)){
const err41 = {instancePath:instancePath+"/events/" + i0+"/prNumber",schemaPath:"#/properties/events/items/properties/prNumber/type",keyword:"type",params:{type: schema11.properties.events.items.properties.prNumber.type},message:"must be integer,null"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 < 0 || isNaN(data11)){
const err42 = {instancePath:instancePath+"/events/" + i0+"/prNumber",schemaPath:"#/properties/events/items/properties/prNumber/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
}
if(data3.headSha !== undefined){
let data12 = data3.headSha;
if((typeof data12 !== "string") && (data12 !== null)){
const err43 = {instancePath:instancePath+"/events/" + i0+"/headSha",schemaPath:"#/properties/events/items/properties/headSha/type",keyword:"type",params:{type: schema11.properties.events.items.properties.headSha.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
if(typeof data12 === "string"){
if(func2(data12) > 256){
const err44 = {instancePath:instancePath+"/events/" + i0+"/headSha",schemaPath:"#/properties/events/items/properties/headSha/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
}
if(data3.title !== undefined){
let data13 = data3.title;
if((typeof data13 !== "string") && (data13 !== null)){
const err45 = {instancePath:instancePath+"/events/" + i0+"/title",schemaPath:"#/properties/events/items/properties/title/type",keyword:"type",params:{type: schema11.properties.events.items.properties.title.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
if(typeof data13 === "string"){
if(func2(data13) > 1024){
const err46 = {instancePath:instancePath+"/events/" + i0+"/title",schemaPath:"#/properties/events/items/properties/title/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters"};
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
if(data3.body !== undefined){
let data14 = data3.body;
if((typeof data14 !== "string") && (data14 !== null)){
const err47 = {instancePath:instancePath+"/events/" + i0+"/body",schemaPath:"#/properties/events/items/properties/body/type",keyword:"type",params:{type: schema11.properties.events.items.properties.body.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if(typeof data14 === "string"){
if(func2(data14) > 16384){
const err48 = {instancePath:instancePath+"/events/" + i0+"/body",schemaPath:"#/properties/events/items/properties/body/maxLength",keyword:"maxLength",params:{limit: 16384},message:"must NOT have more than 16384 characters"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
}
if(data3.commits !== undefined){
let data15 = data3.commits;
if(Array.isArray(data15)){
if(data15.length > 100){
const err49 = {instancePath:instancePath+"/events/" + i0+"/commits",schemaPath:"#/properties/events/items/properties/commits/maxItems",keyword:"maxItems",params:{limit: 100},message:"must NOT have more than 100 items"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
const len1 = data15.length;
for(let i1=0; i1<len1; i1++){
let data16 = data15[i1];
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
if(data16.sha === undefined){
const err50 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1,schemaPath:"#/properties/events/items/properties/commits/items/required",keyword:"required",params:{missingProperty: "sha"},message:"must have required property '"+"sha"+"'"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
if(data16.message === undefined){
const err51 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1,schemaPath:"#/properties/events/items/properties/commits/items/required",keyword:"required",params:{missingProperty: "message"},message:"must have required property '"+"message"+"'"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
if(data16.at === undefined){
const err52 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1,schemaPath:"#/properties/events/items/properties/commits/items/required",keyword:"required",params:{missingProperty: "at"},message:"must have required property '"+"at"+"'"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
if(data16.added === undefined){
const err53 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1,schemaPath:"#/properties/events/items/properties/commits/items/required",keyword:"required",params:{missingProperty: "added"},message:"must have required property '"+"added"+"'"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
if(data16.modified === undefined){
const err54 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1,schemaPath:"#/properties/events/items/properties/commits/items/required",keyword:"required",params:{missingProperty: "modified"},message:"must have required property '"+"modified"+"'"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
if(data16.removed === undefined){
const err55 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1,schemaPath:"#/properties/events/items/properties/commits/items/required",keyword:"required",params:{missingProperty: "removed"},message:"must have required property '"+"removed"+"'"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
for(const key2 in data16){
if(!((((((key2 === "sha") || (key2 === "message")) || (key2 === "at")) || (key2 === "added")) || (key2 === "modified")) || (key2 === "removed"))){
const err56 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1,schemaPath:"#/properties/events/items/properties/commits/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data16.sha !== undefined){
let data17 = data16.sha;
if(typeof data17 === "string"){
if(func2(data17) > 256){
const err57 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/sha",schemaPath:"#/properties/events/items/properties/commits/items/properties/sha/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
else {
const err58 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/sha",schemaPath:"#/properties/events/items/properties/commits/items/properties/sha/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
if(data16.message !== undefined){
let data18 = data16.message;
if(typeof data18 === "string"){
if(func2(data18) > 4096){
const err59 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/message",schemaPath:"#/properties/events/items/properties/commits/items/properties/message/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
else {
const err60 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/message",schemaPath:"#/properties/events/items/properties/commits/items/properties/message/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
if(data16.at !== undefined){
let data19 = data16.at;
if((typeof data19 !== "string") && (data19 !== null)){
const err61 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/at",schemaPath:"#/properties/events/items/properties/commits/items/properties/at/type",keyword:"type",params:{type: schema11.properties.events.items.properties.commits.items.properties.at.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(typeof data19 === "string"){
if(!pattern0.test(data19)){
const err62 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/at",schemaPath:"#/properties/events/items/properties/commits/items/properties/at/pattern",keyword:"pattern",params:{pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$"},message:"must match pattern \""+"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$"+"\""};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
}
if(data16.added !== undefined){
let data20 = data16.added;
if(Array.isArray(data20)){
if(data20.length > 300){
const err63 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/added",schemaPath:"#/properties/events/items/properties/commits/items/properties/added/maxItems",keyword:"maxItems",params:{limit: 300},message:"must NOT have more than 300 items"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
const len2 = data20.length;
for(let i2=0; i2<len2; i2++){
let data21 = data20[i2];
if(typeof data21 === "string"){
if(func2(data21) > 4096){
const err64 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/added/" + i2,schemaPath:"#/properties/events/items/properties/commits/items/properties/added/items/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
else {
const err65 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/added/" + i2,schemaPath:"#/properties/events/items/properties/commits/items/properties/added/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
}
else {
const err66 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/added",schemaPath:"#/properties/events/items/properties/commits/items/properties/added/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data16.modified !== undefined){
let data22 = data16.modified;
if(Array.isArray(data22)){
if(data22.length > 300){
const err67 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/modified",schemaPath:"#/properties/events/items/properties/commits/items/properties/modified/maxItems",keyword:"maxItems",params:{limit: 300},message:"must NOT have more than 300 items"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
const len3 = data22.length;
for(let i3=0; i3<len3; i3++){
let data23 = data22[i3];
if(typeof data23 === "string"){
if(func2(data23) > 4096){
const err68 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/modified/" + i3,schemaPath:"#/properties/events/items/properties/commits/items/properties/modified/items/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
else {
const err69 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/modified/" + i3,schemaPath:"#/properties/events/items/properties/commits/items/properties/modified/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
}
else {
const err70 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/modified",schemaPath:"#/properties/events/items/properties/commits/items/properties/modified/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data16.removed !== undefined){
let data24 = data16.removed;
if(Array.isArray(data24)){
if(data24.length > 300){
const err71 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/removed",schemaPath:"#/properties/events/items/properties/commits/items/properties/removed/maxItems",keyword:"maxItems",params:{limit: 300},message:"must NOT have more than 300 items"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
const len4 = data24.length;
for(let i4=0; i4<len4; i4++){
let data25 = data24[i4];
if(typeof data25 === "string"){
if(func2(data25) > 4096){
const err72 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/removed/" + i4,schemaPath:"#/properties/events/items/properties/commits/items/properties/removed/items/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
else {
const err73 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/removed/" + i4,schemaPath:"#/properties/events/items/properties/commits/items/properties/removed/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
}
else {
const err74 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1+"/removed",schemaPath:"#/properties/events/items/properties/commits/items/properties/removed/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
}
else {
const err75 = {instancePath:instancePath+"/events/" + i0+"/commits/" + i1,schemaPath:"#/properties/events/items/properties/commits/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
}
else {
const err76 = {instancePath:instancePath+"/events/" + i0+"/commits",schemaPath:"#/properties/events/items/properties/commits/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
if(data3.draft !== undefined){
let data26 = data3.draft;
if((typeof data26 !== "boolean") && (data26 !== null)){
const err77 = {instancePath:instancePath+"/events/" + i0+"/draft",schemaPath:"#/properties/events/items/properties/draft/type",keyword:"type",params:{type: schema11.properties.events.items.properties.draft.type},message:"must be boolean,null"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
if(data3.association !== undefined){
let data27 = data3.association;
if(!(((((((((data27 === "OWNER") || (data27 === "MEMBER")) || (data27 === "COLLABORATOR")) || (data27 === "CONTRIBUTOR")) || (data27 === "FIRST_TIME_CONTRIBUTOR")) || (data27 === "FIRST_TIMER")) || (data27 === "MANNEQUIN")) || (data27 === "NONE")) || (data27 === null))){
const err78 = {instancePath:instancePath+"/events/" + i0+"/association",schemaPath:"#/properties/events/items/properties/association/enum",keyword:"enum",params:{allowedValues: schema11.properties.events.items.properties.association.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
if(data3.inputs !== undefined){
let data28 = data3.inputs;
if(data28 && typeof data28 == "object" && !Array.isArray(data28)){
if(Object.keys(data28).length > 64){
const err79 = {instancePath:instancePath+"/events/" + i0+"/inputs",schemaPath:"#/properties/events/items/properties/inputs/maxProperties",keyword:"maxProperties",params:{limit: 64},message:"must NOT have more than 64 properties"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
for(const key3 in data28){
const _errs59 = errors;
if(typeof key3 === "string"){
if(func2(key3) > 256){
const err80 = {instancePath:instancePath+"/events/" + i0+"/inputs",schemaPath:"#/properties/events/items/properties/inputs/propertyNames/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters",propertyName:key3};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
var valid13 = _errs59 === errors;
if(!valid13){
const err81 = {instancePath:instancePath+"/events/" + i0+"/inputs",schemaPath:"#/properties/events/items/properties/inputs/propertyNames",keyword:"propertyNames",params:{propertyName: key3},message:"property name must be valid"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
for(const key4 in data28){
let data29 = data28[key4];
if(typeof data29 === "string"){
if(func2(data29) > 4096){
const err82 = {instancePath:instancePath+"/events/" + i0+"/inputs/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/events/items/properties/inputs/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
else {
const err83 = {instancePath:instancePath+"/events/" + i0+"/inputs/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/events/items/properties/inputs/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
}
else {
const err84 = {instancePath:instancePath+"/events/" + i0+"/inputs",schemaPath:"#/properties/events/items/properties/inputs/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
if(data3.sessionId !== undefined){
let data30 = data3.sessionId;
if((typeof data30 !== "string") && (data30 !== null)){
const err85 = {instancePath:instancePath+"/events/" + i0+"/sessionId",schemaPath:"#/properties/events/items/properties/sessionId/type",keyword:"type",params:{type: schema11.properties.events.items.properties.sessionId.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
if(typeof data30 === "string"){
if(func2(data30) > 512){
const err86 = {instancePath:instancePath+"/events/" + i0+"/sessionId",schemaPath:"#/properties/events/items/properties/sessionId/maxLength",keyword:"maxLength",params:{limit: 512},message:"must NOT have more than 512 characters"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
}
if(data3.fork !== undefined){
if(typeof data3.fork !== "boolean"){
const err87 = {instancePath:instancePath+"/events/" + i0+"/fork",schemaPath:"#/properties/events/items/properties/fork/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
if(data3.forkRepo !== undefined){
let data32 = data3.forkRepo;
if((!(data32 && typeof data32 == "object" && !Array.isArray(data32))) && (data32 !== null)){
const err88 = {instancePath:instancePath+"/events/" + i0+"/forkRepo",schemaPath:"#/properties/events/items/properties/forkRepo/type",keyword:"type",params:{type: schema11.properties.events.items.properties.forkRepo.type},message:"must be object,null"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
if(data32 && typeof data32 == "object" && !Array.isArray(data32)){
if(data32.id === undefined){
const err89 = {instancePath:instancePath+"/events/" + i0+"/forkRepo",schemaPath:"#/properties/events/items/properties/forkRepo/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
if(data32.fullName === undefined){
const err90 = {instancePath:instancePath+"/events/" + i0+"/forkRepo",schemaPath:"#/properties/events/items/properties/forkRepo/required",keyword:"required",params:{missingProperty: "fullName"},message:"must have required property '"+"fullName"+"'"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
for(const key5 in data32){
if(!((key5 === "id") || (key5 === "fullName"))){
const err91 = {instancePath:instancePath+"/events/" + i0+"/forkRepo",schemaPath:"#/properties/events/items/properties/forkRepo/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
if(data32.id !== undefined){
let data33 = data32.id;
if(!(((typeof data33 == "number") && (!(data33 % 1) && !isNaN(data33))) && (isFinite(data33)))){
const err92 = {instancePath:instancePath+"/events/" + i0+"/forkRepo/id",schemaPath:"#/properties/events/items/properties/forkRepo/properties/id/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
if((typeof data33 == "number") && (isFinite(data33))){
if(data33 < 0 || isNaN(data33)){
const err93 = {instancePath:instancePath+"/events/" + i0+"/forkRepo/id",schemaPath:"#/properties/events/items/properties/forkRepo/properties/id/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
}
if(data32.fullName !== undefined){
let data34 = data32.fullName;
if(typeof data34 === "string"){
if(func2(data34) > 256){
const err94 = {instancePath:instancePath+"/events/" + i0+"/forkRepo/fullName",schemaPath:"#/properties/events/items/properties/forkRepo/properties/fullName/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
else {
const err95 = {instancePath:instancePath+"/events/" + i0+"/forkRepo/fullName",schemaPath:"#/properties/events/items/properties/forkRepo/properties/fullName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
}
}
}
else {
const err96 = {instancePath:instancePath+"/events/" + i0,schemaPath:"#/properties/events/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
}
else {
const err97 = {instancePath:instancePath+"/events",schemaPath:"#/properties/events/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
if(data.writers !== undefined){
let data35 = data.writers;
if(Array.isArray(data35)){
if(data35.length > 2000){
const err98 = {instancePath:instancePath+"/writers",schemaPath:"#/properties/writers/maxItems",keyword:"maxItems",params:{limit: 2000},message:"must NOT have more than 2000 items"};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
const len5 = data35.length;
for(let i5=0; i5<len5; i5++){
let data36 = data35[i5];
if(typeof data36 === "string"){
if(!pattern2.test(data36)){
const err99 = {instancePath:instancePath+"/writers/" + i5,schemaPath:"#/properties/writers/items/pattern",keyword:"pattern",params:{pattern: "^\\d{1,20}-\\d{1,6}(?:-[0-9a-f]{1,16})?$"},message:"must match pattern \""+"^\\d{1,20}-\\d{1,6}(?:-[0-9a-f]{1,16})?$"+"\""};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
else {
const err100 = {instancePath:instancePath+"/writers/" + i5,schemaPath:"#/properties/writers/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
}
else {
const err101 = {instancePath:instancePath+"/writers",schemaPath:"#/properties/writers/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
}
else {
const err102 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

