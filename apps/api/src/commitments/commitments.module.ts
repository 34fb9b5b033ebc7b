import { ReadModelsModule } from '../read-models/read-models.module';
import { Module } from '@nestjs/common';
import { DraftCommitmentHttpController } from './draft-commitment/draft-commitment.http.controller';
import { PlanMilestoneHttpController } from './plan-milestone/plan-milestone.http.controller';
import { RescheduleRequestsHttpController } from './reschedule-requests/reschedule-requests.http.controller';
import { DesignateAdministratorHttpController } from './designate-administrator/designate-administrator.http.controller';
import { SignActaHttpController } from './sign-acta/sign-acta.http.controller';
import { IdentifyResourceHttpController } from './identify-resource/identify-resource.http.controller';
import { ReportMilestoneProgressHttpController } from './report-milestone-progress/report-milestone-progress.http.controller';
import { ReviewProgressReportHttpController } from './review-progress-report/review-progress-report.http.controller';
import { AnswerObjectionHttpController } from './answer-objection/answer-objection.http.controller';
import { CompleteMilestoneHttpController } from './complete-milestone/complete-milestone.http.controller';
import { SubmitReportHttpController } from './submit-report/submit-report.http.controller';
import { CloseCommitmentHttpController } from './close-commitment/close-commitment.http.controller';
import { RecordIrmAssessmentHttpController } from './record-irm-assessment/record-irm-assessment.http.controller';
import { WithdrawCommitmentHttpController } from './withdraw-commitment/withdraw-commitment.http.controller';
import { ConcurTransferDecisionHttpController } from './concur-transfer-decision/concur-transfer-decision.http.controller';
import { MaintainCommitmentHttpController } from './maintain-commitment/maintain-commitment.http.controller';
import { TransferCommitmentHttpController } from './transfer-commitment/transfer-commitment.http.controller';
import { AcknowledgeInformationHandoverHttpController } from './acknowledge-information-handover/acknowledge-information-handover.http.controller';
import { TransferChain } from './transfer-chain';
import { BulkCommands } from './decide-transfers/bulk-commands';
import { DecideTransfersHttpController } from './decide-transfers/decide-transfers.http.controller';
import { ConcurTransferDecisionsHttpController } from './concur-transfer-decisions/concur-transfer-decisions.http.controller';
import { GetCommitmentHttpController } from './get-commitment/get-commitment.http.controller';
import { GetCommitmentHandler } from './get-commitment/get-commitment.query';
import { ListCommitmentsHttpController } from './list-commitments/list-commitments.http.controller';
import { ListCommitmentsHandler } from './list-commitments/list-commitments.query';

/** The commitment's commands and the fold-based reads. */
@Module({
  imports: [ReadModelsModule],
  controllers: [
    DraftCommitmentHttpController,
    PlanMilestoneHttpController,
    RescheduleRequestsHttpController,
    DesignateAdministratorHttpController,
    SignActaHttpController,
    IdentifyResourceHttpController,
    ReportMilestoneProgressHttpController,
    ReviewProgressReportHttpController,
    AnswerObjectionHttpController,
    CompleteMilestoneHttpController,
    SubmitReportHttpController,
    CloseCommitmentHttpController,
    RecordIrmAssessmentHttpController,
    WithdrawCommitmentHttpController,
    DecideTransfersHttpController,
    ConcurTransferDecisionsHttpController,
    ConcurTransferDecisionHttpController,
    MaintainCommitmentHttpController,
    TransferCommitmentHttpController,
    AcknowledgeInformationHandoverHttpController,
    ListCommitmentsHttpController,
    GetCommitmentHttpController,
  ],
  providers: [BulkCommands, GetCommitmentHandler, ListCommitmentsHandler, TransferChain],
})
export class CommitmentsModule {}
